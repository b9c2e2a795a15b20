package dev.settle.reconciliation;

import dev.settle.common.Ids;
import dev.settle.events.EventType;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Currency;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.pod.AlreadyAnswered;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.GuardedOutcome;
import dev.settle.pod.Pods;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Reason;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import dev.settle.store.outbox.NotedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Reconciliation's changes other than imports: a tenant's rules, expected payments, and a
 * person's matches and unmatches (recorded with who and why). Each is one guarded write in the
 * tenant's pod, with its answer stored under the request's idempotency key.
 */
public final class Reconciliation {
    public static final int MANUAL_LINES_MAX = 100;
    public static final int MANUAL_CLAIMS_MAX = 100;
    public static final int NOTE_CHARS_MAX = 500;

    /** What a change answered: its value, or the stored answer of an earlier request with the same key. */
    public record Answered<T>(T value, byte[] replayed) {}

    private final Pods pods;
    private final ReconReads reads;
    private final LedgerStore store;
    private final LongSupplier clockMillis;

    public Reconciliation(Pods pods, ReconReads reads, LedgerStore store, LongSupplier clockMillis) {
        this.pods = pods;
        this.reads = reads;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    public ReconReads reads() {
        return reads;
    }

    /** The account's currency; 404 when the tenant has no such account. */
    public String currencyOf(int ledger, UInt128 account, String param) {
        AccountRecord a = StoreReader.account(store, ledger, account);
        if (a == null) {
            throw ReconciliationException.notFound("account", param);
        }
        return Currency.fromLedger(a.ledger());
    }

    // ---- Rules ----

    /** Adds a rule at {@code position} (0-based; past the end: last). */
    public Answered<StoredRule> addRule(int ledger, MatchRule rule, int position,
            Function<StoredRule, DurableResponse> answer) {
        byte[] before = reads.raw(ReconKeys.rules(ledger));
        List<StoredRule> rules = new ArrayList<>(before == null ? List.of() : StoredRule.decodeAll(before));
        if (rules.size() >= StoredRule.RULES_MAX) {
            throw ReconciliationException.invalid("rules_limit_reached", "a tenant has at most "
                    + StoredRule.RULES_MAX + " rules; delete one first", null);
        }
        long now = clockMillis.getAsLong();
        StoredRule added = new StoredRule(Ids.newV7(now), rule, now);
        rules.add(Math.min(position, rules.size()), added);
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        chunk.expect(ReconKeys.rules(ledger), before);
        chunk.put(ReconKeys.rules(ledger), StoredRule.encodeAll(rules));
        return write(ledger, chunk, added, answer);
    }

    public boolean deleteRule(int ledger, UInt128 id) {
        byte[] before = reads.raw(ReconKeys.rules(ledger));
        List<StoredRule> rules = new ArrayList<>(before == null ? List.of() : StoredRule.decodeAll(before));
        if (!rules.removeIf(r -> r.id().equals(id))) {
            return false;
        }
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        chunk.expect(ReconKeys.rules(ledger), before);
        if (rules.isEmpty()) {
            chunk.delete(ReconKeys.rules(ledger));
        } else {
            chunk.put(ReconKeys.rules(ledger), StoredRule.encodeAll(rules));
        }
        write(ledger, chunk, null, x -> null);
        return true;
    }

    // ---- Expected payments ----

    public Answered<ExpectedPayment> expect(int ledger, ExpectedPayment draft,
            Function<ExpectedPayment, DurableResponse> answer) {
        long now = clockMillis.getAsLong();
        ExpectedPayment e = new ExpectedPayment(Ids.newV7(now), draft.account(), draft.currency(), draft.direction(),
                draft.amountMin(), draft.amountMax(), draft.dayFrom(), draft.dayTo(), draft.counterparty(),
                draft.reference(), draft.description(), now, null);
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        chunk.expectAbsent(ReconKeys.expected(ledger, e.id()));
        chunk.put(ReconKeys.expected(ledger, e.id()), e.encode());
        return write(ledger, chunk, e, answer);
    }

    // ---- A person's decisions ----

    /**
     * Matches unmatched lines of one account to its unclaimed transfers and open expected
     * payments, by hand: the first line heads the match.
     */
    public Answered<StoredLine> match(int ledger, List<LineRef> lineRefs, List<UInt128> transferIds,
            List<UInt128> expectedIds, String decidedBy, String note, Function<StoredLine, DurableResponse> answer) {
        if (lineRefs.isEmpty()) {
            throw ReconciliationException.invalid("parameter_missing", "name at least one line", "line_ids");
        }
        if (transferIds.isEmpty() && expectedIds.isEmpty()) {
            throw ReconciliationException.invalid("parameter_missing",
                    "name at least one transfer or expected payment", "transfer_ids");
        }
        List<StoredLine> lines = new ArrayList<>();
        UInt128 account = null;
        for (LineRef ref : lineRefs) {
            StoredLine line = reads.line(ledger, ref);
            if (line == null) {
                throw ReconciliationException.notFound("statement line " + ref.apiId(), "line_ids");
            }
            if (line.status() != StoredLine.Status.UNMATCHED) {
                throw new ReconciliationException(409, "line_not_unmatched", "line " + ref.apiId() + " is "
                        + line.status().name().toLowerCase(java.util.Locale.ROOT) + ", not in the exceptions queue", 0,
                        "line_ids");
            }
            UInt128 lineAccount = reads.statement(ledger, ref.statement()).account();
            if (account != null && !account.equals(lineAccount)) {
                throw ReconciliationException.invalid("parameter_invalid", "the lines are of different accounts",
                        "line_ids");
            }
            account = lineAccount;
            lines.add(line);
        }
        LineRef head = lines.get(0).ref();
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        List<StoredLine.Claimed> claims = new ArrayList<>();
        for (UInt128 id : transferIds) {
            claims.add(claimTransfer(ledger, account, id, head, chunk));
        }
        for (UInt128 id : expectedIds) {
            ExpectedPayment e = reads.expected(ledger, id);
            if (e == null || !e.account().equals(account)) {
                throw ReconciliationException.notFound("expected payment " + ExpectedPayment.IDS.format(id),
                        "expected_payment_ids");
            }
            if (!e.isOpen()) {
                throw new ReconciliationException(409, "expected_payment_matched", "expected payment "
                        + ExpectedPayment.IDS.format(id) + " is matched already", 0, "expected_payment_ids");
            }
            chunk.expect(ReconKeys.expected(ledger, id), e.encode());
            chunk.put(ReconKeys.expected(ledger, id), e.matched(head).encode());
            claims.add(new StoredLine.Claimed(id, 0, e.direction().sign() * e.amountMin()));
        }
        long lineSum = lines.stream().mapToLong(StoredLine::amount).sum();
        long claimSum = claims.stream().mapToLong(StoredLine.Claimed::amount).sum();
        long now = clockMillis.getAsLong();
        StoredLine.Match match = new StoredLine.Match(-1, claims, lineRefs.subList(1, lineRefs.size()),
                lineSum - claimSum, decidedBy, note, now);
        StoredLine headAfter = null;
        for (StoredLine line : lines) {
            StoredLine after = line.matched(head, line.ref().equals(head) ? match : null);
            headAfter = headAfter == null ? after : headAfter;
            chunk.expect(ReconKeys.line(ledger, line.ref()), line.encode());
            chunk.put(ReconKeys.line(ledger, line.ref()), after.encode());
            chunk.delete(ReconKeys.open(ledger, line.ref()));
        }
        chunk.put(ReconKeys.decision(ledger, head, now), decisionRecord("match", decidedBy, note, now));
        return write(ledger, chunk, headAfter, answer);
    }

    private StoredLine.Claimed claimTransfer(int ledger, UInt128 account, UInt128 id, LineRef head,
            ChunkWrites.Chunk chunk) {
        TransferRecord t = StoreReader.transfer(store, ledger, id);
        boolean debit = t != null && t.debitAccountId().equals(account);
        if (t == null || (!debit && !t.creditAccountId().equals(account)) || t.hasFlag(TransferFlags.PENDING)
                || t.hasFlag(TransferFlags.VOID_PENDING_TRANSFER)) {
            throw ReconciliationException.notFound("posted transfer " + Ids.format(id) + " on the statement's account",
                    "transfer_ids");
        }
        byte[] key = ReconKeys.claim(ledger, t.timestamp());
        if (reads.raw(key) != null) {
            throw new ReconciliationException(409, "transfer_matched", "transfer " + Ids.format(id)
                    + " is matched already; unmatch it first", 0, "transfer_ids");
        }
        chunk.expectAbsent(key);
        chunk.put(key, head.bytes());
        chunk.delete(ReconKeys.missing(ledger, t.timestamp()));
        long amount = t.amount().low();
        return new StoredLine.Claimed(id, t.timestamp(), debit ? amount : -amount);
    }

    /** Undoes the match headed by {@code head}: its lines go back to the exceptions queue, its claims are released. */
    public Answered<StoredLine> unmatch(int ledger, LineRef head, String decidedBy, String note,
            Function<StoredLine, DurableResponse> answer) {
        StoredLine line = reads.line(ledger, head);
        if (line == null) {
            throw ReconciliationException.notFound("match " + head.apiId(), "id");
        }
        if (line.status() != StoredLine.Status.MATCHED || line.match() == null) {
            throw new ReconciliationException(409, "not_a_match", head.apiId() + " heads no match (a match's id is "
                    + "its first line's id)", 0, "id");
        }
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        byte[] headBytes = head.bytes();
        for (StoredLine.Claimed c : line.match().claims()) {
            if (c.isTransfer()) {
                chunk.expect(ReconKeys.claim(ledger, c.timestamp()), headBytes);
                chunk.delete(ReconKeys.claim(ledger, c.timestamp()));
            } else {
                ExpectedPayment e = reads.expected(ledger, c.id());
                chunk.expect(ReconKeys.expected(ledger, c.id()), e.encode());
                chunk.put(ReconKeys.expected(ledger, c.id()), e.reopened().encode());
            }
        }
        List<LineRef> refs = new ArrayList<>();
        refs.add(head);
        refs.addAll(line.match().others());
        StoredLine headAfter = null;
        for (LineRef ref : refs) {
            StoredLine member = ref.equals(head) ? line : reads.line(ledger, ref);
            StoredLine after = member.unmatched(Reason.NO_CANDIDATE);
            headAfter = headAfter == null ? after : headAfter;
            chunk.expect(ReconKeys.line(ledger, ref), member.encode());
            chunk.put(ReconKeys.line(ledger, ref), after.encode());
            chunk.put(ReconKeys.open(ledger, ref), new byte[] {(byte) Reason.NO_CANDIDATE.ordinal()});
            chunk.events.add(new NotedEvent(EventType.RECONCILIATION_EXCEPTION_CREATED, ref.statement(), ref.index()));
        }
        long now = clockMillis.getAsLong();
        chunk.put(ReconKeys.decision(ledger, head, now), decisionRecord("unmatch", decidedBy, note, now));
        return write(ledger, chunk, headAfter, answer);
    }

    private static byte[] decisionRecord(String what, String decidedBy, String note, long atMillis) {
        return new Fields.Out(64).s(what).s(decidedBy).s(note).l(atMillis).bytes();
    }

    private <T> Answered<T> write(int ledger, ChunkWrites.Chunk chunk, T value, Function<T, DurableResponse> answer) {
        Object outcome = new ChunkWrites(pods, ledger).writeAnswered(chunk, answer.apply(value));
        if (outcome instanceof AlreadyAnswered replay) {
            return new Answered<>(null, replay.storedAnswer());
        }
        if (!((GuardedOutcome) outcome).applied()) {
            throw new ReconciliationException(409, "reconciliation_conflict",
                    "another change came first to the same records; read them again and retry", 0, null);
        }
        return new Answered<>(value, null);
    }
}
