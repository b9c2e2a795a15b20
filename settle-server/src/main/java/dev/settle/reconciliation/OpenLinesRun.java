package dev.settle.reconciliation;

import dev.settle.common.Ids;
import dev.settle.events.EventType;
import dev.settle.ledger.UInt128;
import dev.settle.pod.Pods;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Matcher;
import dev.settle.store.LedgerStore;
import dev.settle.store.outbox.NotedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Matches an account's open lines again (the exceptions queue), for when transfers or expected
 * payments that could settle them were made after their statement came: a run without a
 * statement. Matched lines leave the queue in guarded writes; the rest keep their reason.
 */
public final class OpenLinesRun {
    /** Open lines matched again in one run at most; run again for more. */
    public static final int LINES_MAX = 100_000;
    private static final int CHUNK_LINES = StatementImport.CHUNK_LINES;

    private final Pods pods;
    private final ReconReads reads;
    private final CandidateLoader loader;
    private final LongSupplier clockMillis;

    public OpenLinesRun(Pods pods, ReconReads reads, LedgerStore store, LongSupplier clockMillis) {
        this.pods = pods;
        this.reads = reads;
        this.loader = new CandidateLoader(store, reads);
        this.clockMillis = clockMillis;
    }

    public Run run(int ledger, UInt128 account, String currency) {
        long started = clockMillis.getAsLong();
        long startedNanos = System.nanoTime();
        List<StoredLine> open = openLines(ledger, account);
        int first = open.stream().mapToInt(StoredLine::day).min().orElse(0);
        int last = open.stream().mapToInt(StoredLine::day).max().orElse(0);
        List<MatchRule> rules = reads.rules(ledger);
        MatchSession session = new MatchSession(ledger, account, rules, loader.load(ledger, account,
                first - StatementImport.PERIOD_MARGIN_DAYS, last + StatementImport.PERIOD_MARGIN_DAYS,
                Matcher.metadataKeys(rules), started), new HashSet<>());
        ChunkWrites writes = new ChunkWrites(pods, ledger);
        RunTally tally = new RunTally();
        ChunkWrites.Chunk chunk = new ChunkWrites.Chunk();
        List<Matcher.OpenLine> stillOpen = new ArrayList<>();
        Map<Integer, StoredLine> byPosition = new HashMap<>();
        for (StoredLine line : open) {
            Matcher.Decision decision = session.matcher.match(MatchSession.facts(line));
            if (decision instanceof Matcher.Matched) {
                StoredLine after = session.apply(line, decision, false, chunk);
                replace(ledger, chunk, line, after);
                tally.matched(line.amount());
            } else if (!line.reference().isEmpty()) {
                byPosition.put(stillOpen.size(), line);
                stillOpen.add(new Matcher.OpenLine(stillOpen.size(), MatchSession.facts(line)));
            } else {
                tally.unmatched(line.amount(), line.reason());
            }
            if (chunk.expected.size() >= CHUNK_LINES) {
                write(writes, chunk);
                chunk = new ChunkWrites.Chunk();
            }
        }
        for (Matcher.GroupDecision group : session.matcher.matchGroups(stillOpen)) {
            List<StoredLine> members = group.lines().stream().map(byPosition::remove).toList();
            if (group.decision() instanceof Matcher.Matched m) {
                LineRef head = members.get(0).ref();
                session.claim(chunk, m.candidates(), head);
                StoredLine.Match match = new StoredLine.Match(m.rule(), session.claimed(m.candidates()),
                        members.subList(1, members.size()).stream().map(StoredLine::ref).toList(), m.difference(),
                        null, null, 0);
                for (StoredLine line : members) {
                    replace(ledger, chunk, line, line.matched(head, line.ref().equals(head) ? match : null));
                    tally.matched(line.amount());
                }
            } else {
                members.forEach(line -> tally.unmatched(line.amount(), line.reason()));
            }
        }
        byPosition.values().forEach(line -> tally.unmatched(line.amount(), line.reason()));
        Run run = tally.run(Ids.newV7(started), account, null, currency, Run.Status.COMPLETED, started,
                (System.nanoTime() - startedNanos) / 1_000_000);
        chunk.put(ReconKeys.run(ledger, run.id()), run.encode());
        chunk.events.add(new NotedEvent(EventType.RECONCILIATION_RUN_COMPLETED, run.id(), 0));
        write(writes, chunk);
        return run;
    }

    /** The account's lines in the exceptions queue, oldest statement first (at most {@link #LINES_MAX}). */
    private List<StoredLine> openLines(int ledger, UInt128 account) {
        Map<UInt128, Boolean> ofAccount = new HashMap<>();
        List<StoredLine> open = new ArrayList<>();
        reads.scan(ReconKeys.prefix(ledger, ReconKeys.OPEN), null, Integer.MAX_VALUE, (key, value) -> {
            LineRef ref = ReconKeys.lineOf(key);
            boolean ours = ofAccount.computeIfAbsent(ref.statement(), s -> {
                Statement statement = reads.statement(ledger, s);
                return statement != null && statement.account().equals(account);
            });
            if (ours) {
                open.add(reads.line(ledger, ref));
            }
            return open.size() < LINES_MAX;
        });
        return open;
    }

    private static void replace(int ledger, ChunkWrites.Chunk chunk, StoredLine before, StoredLine after) {
        chunk.expect(ReconKeys.line(ledger, before.ref()), before.encode());
        chunk.put(ReconKeys.line(ledger, before.ref()), after.encode());
        chunk.delete(ReconKeys.open(ledger, before.ref()));
    }

    private static void write(ChunkWrites writes, ChunkWrites.Chunk chunk) {
        if (!chunk.isEmpty() && !writes.writeNow(chunk)) {
            throw new ReconciliationException(409, "reconciliation_conflict", "another import or a person changed "
                    + "the same lines or transfers meanwhile; run the match again", 0, null);
        }
    }
}
