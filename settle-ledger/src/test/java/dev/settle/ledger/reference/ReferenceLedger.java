package dev.settle.ledger.reference;

import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.Balances;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransactionLegs;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference model: the ledger's rules written as plainly as possible, to check the engine
 * against. BigInteger balances, hash maps of immutable records, and linked chains that roll back
 * by restoring a copy of the whole state taken when the chain began. Slow, and obviously so.
 *
 * <p>The rules are TigerBeetle's (docs/reference/requests/create_transfers.md, in its order of
 * precedence) with Settle's documented deviations: code may be 0, metadata is compared for
 * idempotency, open pending transfers and accounts are bounded, and multi-leg transactions.
 */
public final class ReferenceLedger {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128); // first value that overflows

    /** An account with mutable balances. */
    static final class Account {
        UInt128 id;
        long ledger;
        int code;
        int flags;
        UInt128 userData128;
        long userData64;
        int userData32;
        long timestamp;
        byte[] metadata;
        BigInteger debitsPending = BigInteger.ZERO;
        BigInteger debitsPosted = BigInteger.ZERO;
        BigInteger creditsPending = BigInteger.ZERO;
        BigInteger creditsPosted = BigInteger.ZERO;
        long lastTransfer;

        Account copy() {
            Account a = new Account();
            a.id = id;
            a.ledger = ledger;
            a.code = code;
            a.flags = flags;
            a.userData128 = userData128;
            a.userData64 = userData64;
            a.userData32 = userData32;
            a.timestamp = timestamp;
            a.metadata = metadata;
            a.debitsPending = debitsPending;
            a.debitsPosted = debitsPosted;
            a.creditsPending = creditsPending;
            a.creditsPosted = creditsPosted;
            a.lastTransfer = lastTransfer;
            return a;
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** The outcome of one transfer as the model sees it. */
    public record TransferOutcome(CreateTransferResult result, long timestamp, UInt128 amount) {}

    /** The whole state, copied wholesale when a linked chain begins. */
    static final class State {
        Map<UInt128, Account> accounts = new HashMap<>();
        Map<UInt128, TransferRecord> transfers = new HashMap<>();
        Map<UInt128, CreateTransferResult> failedTransfers = new HashMap<>();
        Map<UInt128, TransactionRecord> transactions = new HashMap<>();
        Map<UInt128, CreateTransactionResult> failedTransactions = new HashMap<>();
        Map<UInt128, List<Balances>> history = new HashMap<>();

        State copy() {
            State s = new State();
            accounts.forEach((id, a) -> s.accounts.put(id, a.copy()));
            s.transfers.putAll(transfers);
            s.failedTransfers.putAll(failedTransfers);
            s.transactions.putAll(transactions);
            s.failedTransactions.putAll(failedTransactions);
            history.forEach((id, list) -> s.history.put(id, new ArrayList<>(list)));
            return s;
        }
    }

    private State state = new State();
    private long lastTimestamp;
    private long batchNow;
    private long sequence;

    /** A deep copy: the model as it was, for simulating the loss of batches that were never durable. */
    public ReferenceLedger copy() {
        ReferenceLedger c = new ReferenceLedger();
        c.state = state.copy();
        c.lastTimestamp = lastTimestamp;
        c.batchNow = batchNow;
        c.sequence = sequence;
        return c;
    }

    // ---- Batches ----

    public void beginBatch(long nowNanos) {
        sequence++;
        batchNow = nowNanos;
        List<TransferRecord> due = new ArrayList<>();
        for (TransferRecord t : state.transfers.values()) {
            if (t.status() == TransferStatus.PENDING && t.timeoutSeconds() > 0 && t.expiresAt() <= nowNanos) {
                due.add(t);
            }
        }
        due.sort(Comparator.comparingLong(TransferRecord::expiresAt).thenComparingLong(TransferRecord::timestamp));
        for (TransferRecord p : due.subList(0, Math.min(due.size(), LedgerLimits.EXPIRIES_PER_BATCH_MAX))) {
            long ts = nextTimestamp();
            Account dr = state.accounts.get(p.debitAccountId());
            Account cr = state.accounts.get(p.creditAccountId());
            dr.debitsPending = dr.debitsPending.subtract(p.amount().toBigInteger());
            cr.creditsPending = cr.creditsPending.subtract(p.amount().toBigInteger());
            reopen(p, dr, cr);
            state.transfers.put(p.id(), p.withStatus(TransferStatus.EXPIRED));
            snapshot(dr, ts);
            snapshot(cr, ts);
        }
    }

    private long nextTimestamp() {
        lastTimestamp = Math.max(lastTimestamp + 1, batchNow);
        return lastTimestamp;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    public long sequence() {
        return sequence;
    }

    // ---- Chains, shared by accounts and transfers ----

    private interface Step<R> {
        R apply(int index, long timestamp);
    }

    /** Runs events with the linked-chain rules; {@code ok}, {@code failed}, {@code open} are the result values. */
    private <R> List<R> runChained(int count, java.util.function.IntPredicate linked, Step<R> step,
            java.util.function.Predicate<R> succeeded, java.util.function.BiFunction<R, Long, R> asLinkedFailed,
            java.util.function.LongFunction<R> chainOpen, java.util.function.LongFunction<R> linkedFailed,
            java.util.function.BiConsumer<Integer, R> onFailure) {
        List<R> results = new ArrayList<>();
        State chainStartState = null;
        int chainStart = -1;
        boolean broken = false;
        for (int i = 0; i < count; i++) {
            long ts = nextTimestamp();
            boolean isLinked = linked.test(i);
            if (isLinked && chainStart < 0) {
                chainStart = i;
                chainStartState = state.copy();
            }
            R result;
            if (isLinked && i == count - 1) {
                result = chainOpen.apply(ts);
            } else if (broken) {
                result = linkedFailed.apply(ts);
            } else {
                result = step.apply(i, ts);
            }
            results.add(result);
            if (!succeeded.test(result)) {
                if (chainStart >= 0 && !broken) {
                    broken = true;
                    state = chainStartState;
                    for (int j = chainStart; j < i; j++) {
                        results.set(j, asLinkedFailed.apply(results.get(j), 0L));
                    }
                }
                onFailure.accept(i, result);
            }
            if (chainStart >= 0 && (!isLinked || i == count - 1)) {
                chainStart = -1;
                broken = false;
                chainStartState = null;
            }
        }
        return results;
    }

    // ---- Accounts ----

    /** The outcome of one account. */
    public record AccountOutcome(CreateAccountResult result, long timestamp) {}

    public List<AccountOutcome> createAccounts(List<NewAccount> batch) {
        return runChained(batch.size(), i -> (batch.get(i).flags() & AccountFlags.LINKED) != 0,
                (i, ts) -> createAccount(batch.get(i), ts),
                r -> r.result() == CreateAccountResult.OK,
                (r, ignored) -> new AccountOutcome(CreateAccountResult.LINKED_EVENT_FAILED, r.timestamp()),
                ts -> new AccountOutcome(CreateAccountResult.LINKED_EVENT_CHAIN_OPEN, ts),
                ts -> new AccountOutcome(CreateAccountResult.LINKED_EVENT_FAILED, ts),
                (i, r) -> {});
    }

    private AccountOutcome createAccount(NewAccount a, long ts) {
        if ((a.flags() & ~AccountFlags.ALL) != 0) {
            return new AccountOutcome(CreateAccountResult.RESERVED_FLAG, ts);
        }
        if (a.id().isZero()) {
            return new AccountOutcome(CreateAccountResult.ID_MUST_NOT_BE_ZERO, ts);
        }
        if (a.id().isMax()) {
            return new AccountOutcome(CreateAccountResult.ID_MUST_NOT_BE_INT_MAX, ts);
        }
        Account e = state.accounts.get(a.id());
        if (e != null) {
            CreateAccountResult r = accountExists(a, e);
            return new AccountOutcome(r, r == CreateAccountResult.EXISTS ? e.timestamp : ts);
        }
        if ((a.flags() & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0
                && (a.flags() & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0) {
            return new AccountOutcome(CreateAccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE, ts);
        }
        if (a.ledger() == 0) {
            return new AccountOutcome(CreateAccountResult.LEDGER_MUST_NOT_BE_ZERO, ts);
        }
        Account n = new Account();
        n.id = a.id();
        n.ledger = a.ledger();
        n.code = a.code();
        n.flags = a.flags();
        n.userData128 = a.userData128();
        n.userData64 = a.userData64();
        n.userData32 = a.userData32();
        n.timestamp = ts;
        n.metadata = a.metadata();
        state.accounts.put(n.id, n);
        return new AccountOutcome(CreateAccountResult.OK, ts);
    }

    private static CreateAccountResult accountExists(NewAccount a, Account e) {
        if (a.flags() != e.flags) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS;
        }
        if (!a.userData128().equals(e.userData128)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        if (a.userData64() != e.userData64) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        if (a.userData32() != e.userData32) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        if (a.ledger() != e.ledger) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if (a.code() != e.code) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_CODE;
        }
        if (!sameMetadata(a.metadata(), e.metadata)) {
            return CreateAccountResult.EXISTS_WITH_DIFFERENT_METADATA;
        }
        return CreateAccountResult.EXISTS;
    }

    // ---- Transfers ----

    public List<TransferOutcome> createTransfers(List<NewTransfer> batch) {
        return runChained(batch.size(), i -> (batch.get(i).flags() & TransferFlags.LINKED) != 0,
                (i, ts) -> createTransfer(batch.get(i), ts),
                r -> r.result() == CreateTransferResult.OK,
                (r, ignored) -> new TransferOutcome(CreateTransferResult.LINKED_EVENT_FAILED, r.timestamp(), UInt128.ZERO),
                ts -> new TransferOutcome(CreateTransferResult.LINKED_EVENT_CHAIN_OPEN, ts, UInt128.ZERO),
                ts -> new TransferOutcome(CreateTransferResult.LINKED_EVENT_FAILED, ts, UInt128.ZERO),
                (i, r) -> {
                    if (r.result().isTransient()) {
                        state.failedTransfers.put(batch.get(i).id(), r.result());
                    }
                });
    }

    private TransferOutcome fail(CreateTransferResult r, long ts) {
        return new TransferOutcome(r, ts, UInt128.ZERO);
    }

    TransferOutcome createTransfer(NewTransfer t, long ts) {
        if ((t.flags() & ~TransferFlags.ALL) != 0) {
            return fail(CreateTransferResult.RESERVED_FLAG, ts);
        }
        if (t.id().isZero()) {
            return fail(CreateTransferResult.ID_MUST_NOT_BE_ZERO, ts);
        }
        if (t.id().isMax()) {
            return fail(CreateTransferResult.ID_MUST_NOT_BE_INT_MAX, ts);
        }
        TransferRecord existing = state.transfers.get(t.id());
        if (existing != null) {
            CreateTransferResult r = transferExists(t, existing);
            return r == CreateTransferResult.EXISTS
                    ? new TransferOutcome(r, existing.timestamp(), existing.amount())
                    : fail(r, ts);
        }
        if (state.failedTransfers.containsKey(t.id())) {
            return fail(CreateTransferResult.ID_ALREADY_FAILED, ts);
        }
        if (has(t, TransferFlags.POST_PENDING_TRANSFER) || has(t, TransferFlags.VOID_PENDING_TRANSFER)) {
            return postOrVoid(t, ts);
        }
        CreateTransferResult invalid = checkPlainTransfer(t);
        if (invalid != null) {
            return fail(invalid, ts);
        }
        Account dr = state.accounts.get(t.debitAccountId());
        if (dr == null) {
            return fail(CreateTransferResult.DEBIT_ACCOUNT_NOT_FOUND, ts);
        }
        Account cr = state.accounts.get(t.creditAccountId());
        if (cr == null) {
            return fail(CreateTransferResult.CREDIT_ACCOUNT_NOT_FOUND, ts);
        }
        if (dr.ledger != cr.ledger) {
            return fail(CreateTransferResult.ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER, ts);
        }
        if (t.ledger() != 0 && t.ledger() != dr.ledger) {
            return fail(CreateTransferResult.TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS, ts);
        }
        if (dr.has(AccountFlags.CLOSED)) {
            return fail(CreateTransferResult.DEBIT_ACCOUNT_ALREADY_CLOSED, ts);
        }
        if (cr.has(AccountFlags.CLOSED)) {
            return fail(CreateTransferResult.CREDIT_ACCOUNT_ALREADY_CLOSED, ts);
        }
        BigInteger amount = t.amount().toBigInteger();
        if (has(t, TransferFlags.BALANCING_DEBIT)) {
            amount = amount.min(dr.creditsPosted.subtract(dr.debitsPosted.add(dr.debitsPending)).max(BigInteger.ZERO));
        }
        if (has(t, TransferFlags.BALANCING_CREDIT)) {
            amount = amount.min(cr.debitsPosted.subtract(cr.creditsPosted.add(cr.creditsPending)).max(BigInteger.ZERO));
        }
        CreateTransferResult limit = checkLimits(t, dr, cr, amount, ts);
        if (limit != null) {
            return fail(limit, ts);
        }
        boolean pending = has(t, TransferFlags.PENDING);
        if (pending) {
            dr.debitsPending = dr.debitsPending.add(amount);
            cr.creditsPending = cr.creditsPending.add(amount);
        } else {
            dr.debitsPosted = dr.debitsPosted.add(amount);
            cr.creditsPosted = cr.creditsPosted.add(amount);
        }
        if (has(t, TransferFlags.CLOSING_DEBIT)) {
            dr.flags |= AccountFlags.CLOSED;
        }
        if (has(t, TransferFlags.CLOSING_CREDIT)) {
            cr.flags |= AccountFlags.CLOSED;
        }
        UInt128 moved = UInt128.of(amount);
        state.transfers.put(t.id(), new TransferRecord(t.id(), t.debitAccountId(), t.creditAccountId(), moved,
                t.pendingId(), t.userData128(), t.userData64(), t.userData32(), t.timeoutSeconds(), dr.ledger,
                t.code(), t.flags(), ts, pending ? TransferStatus.PENDING : TransferStatus.POSTED, dr.lastTransfer,
                cr.lastTransfer, t.metadata()));
        dr.lastTransfer = ts;
        cr.lastTransfer = ts;
        snapshot(dr, ts);
        snapshot(cr, ts);
        return new TransferOutcome(CreateTransferResult.OK, ts, moved);
    }

    private static CreateTransferResult checkPlainTransfer(NewTransfer t) {
        if (t.debitAccountId().isZero()) {
            return CreateTransferResult.DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (t.debitAccountId().isMax()) {
            return CreateTransferResult.DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (t.creditAccountId().isZero()) {
            return CreateTransferResult.CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (t.creditAccountId().isMax()) {
            return CreateTransferResult.CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (t.debitAccountId().equals(t.creditAccountId())) {
            return CreateTransferResult.ACCOUNTS_MUST_BE_DIFFERENT;
        }
        if (!t.pendingId().isZero()) {
            return CreateTransferResult.PENDING_ID_MUST_BE_ZERO;
        }
        if (!has(t, TransferFlags.PENDING)) {
            if (t.timeoutSeconds() != 0) {
                return CreateTransferResult.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
            }
            if (has(t, TransferFlags.CLOSING_DEBIT) || has(t, TransferFlags.CLOSING_CREDIT)) {
                return CreateTransferResult.CLOSING_TRANSFER_MUST_BE_PENDING;
            }
        }
        return null;
    }

    private CreateTransferResult checkLimits(NewTransfer t, Account dr, Account cr, BigInteger amount, long ts) {
        boolean pending = has(t, TransferFlags.PENDING);
        if (pending && overflows(dr.debitsPending.add(amount))) {
            return CreateTransferResult.OVERFLOWS_DEBITS_PENDING;
        }
        if (pending && overflows(cr.creditsPending.add(amount))) {
            return CreateTransferResult.OVERFLOWS_CREDITS_PENDING;
        }
        if (overflows(dr.debitsPosted.add(amount))) {
            return CreateTransferResult.OVERFLOWS_DEBITS_POSTED;
        }
        if (overflows(cr.creditsPosted.add(amount))) {
            return CreateTransferResult.OVERFLOWS_CREDITS_POSTED;
        }
        if (overflows(dr.debitsPending.add(dr.debitsPosted).add(amount))) {
            return CreateTransferResult.OVERFLOWS_DEBITS;
        }
        if (overflows(cr.creditsPending.add(cr.creditsPosted).add(amount))) {
            return CreateTransferResult.OVERFLOWS_CREDITS;
        }
        BigInteger expiry = BigInteger.valueOf(ts).add(BigInteger.valueOf(t.timeoutSeconds()).multiply(BigInteger.valueOf(1_000_000_000L)));
        if (expiry.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            return CreateTransferResult.OVERFLOWS_TIMEOUT;
        }
        if (dr.has(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)
                && dr.debitsPending.add(dr.debitsPosted).add(amount).compareTo(dr.creditsPosted) > 0) {
            return CreateTransferResult.EXCEEDS_CREDITS;
        }
        if (cr.has(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS)
                && cr.creditsPending.add(cr.creditsPosted).add(amount).compareTo(cr.debitsPosted) > 0) {
            return CreateTransferResult.EXCEEDS_DEBITS;
        }
        if (pending && openPendingCount() >= LedgerLimits.PENDING_TRANSFERS_OPEN_MAX) {
            return CreateTransferResult.PENDING_TRANSFER_LIMIT_REACHED;
        }
        return null;
    }

    private long openPendingCount() {
        return state.transfers.values().stream().filter(t -> t.status() == TransferStatus.PENDING).count();
    }

    private TransferOutcome postOrVoid(NewTransfer t, long ts) {
        boolean post = has(t, TransferFlags.POST_PENDING_TRANSFER);
        boolean isVoid = has(t, TransferFlags.VOID_PENDING_TRANSFER);
        int exclusive = TransferFlags.PENDING | TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT
                | TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;
        if (post && isVoid || (t.flags() & exclusive) != 0) {
            return fail(CreateTransferResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE, ts);
        }
        if (t.pendingId().isZero()) {
            return fail(CreateTransferResult.PENDING_ID_MUST_NOT_BE_ZERO, ts);
        }
        if (t.pendingId().isMax()) {
            return fail(CreateTransferResult.PENDING_ID_MUST_NOT_BE_INT_MAX, ts);
        }
        if (t.pendingId().equals(t.id())) {
            return fail(CreateTransferResult.PENDING_ID_MUST_BE_DIFFERENT, ts);
        }
        if (t.timeoutSeconds() != 0) {
            return fail(CreateTransferResult.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER, ts);
        }
        TransferRecord p = state.transfers.get(t.pendingId());
        if (p == null) {
            return fail(CreateTransferResult.PENDING_TRANSFER_NOT_FOUND, ts);
        }
        if (!p.hasFlag(TransferFlags.PENDING)) {
            return fail(CreateTransferResult.PENDING_TRANSFER_NOT_PENDING, ts);
        }
        Account dr = state.accounts.get(p.debitAccountId());
        Account cr = state.accounts.get(p.creditAccountId());
        if (!t.debitAccountId().isZero() && !t.debitAccountId().equals(p.debitAccountId())) {
            return fail(CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID, ts);
        }
        if (!t.creditAccountId().isZero() && !t.creditAccountId().equals(p.creditAccountId())) {
            return fail(CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID, ts);
        }
        if (t.ledger() != 0 && t.ledger() != p.ledger()) {
            return fail(CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_LEDGER, ts);
        }
        if (t.code() != 0 && t.code() != p.code()) {
            return fail(CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_CODE, ts);
        }
        BigInteger amount = resolvedAmount(t, p);
        if (amount.compareTo(p.amount().toBigInteger()) > 0) {
            return fail(CreateTransferResult.EXCEEDS_PENDING_TRANSFER_AMOUNT, ts);
        }
        if (isVoid && amount.compareTo(p.amount().toBigInteger()) < 0) {
            return fail(CreateTransferResult.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT, ts);
        }
        switch (p.status()) {
            case POSTED:
                return fail(CreateTransferResult.PENDING_TRANSFER_ALREADY_POSTED, ts);
            case VOIDED:
                return fail(CreateTransferResult.PENDING_TRANSFER_ALREADY_VOIDED, ts);
            case EXPIRED:
                return fail(CreateTransferResult.PENDING_TRANSFER_EXPIRED, ts);
            default:
                break;
        }
        if (p.timeoutSeconds() > 0 && p.expiresAt() <= ts) {
            return fail(CreateTransferResult.PENDING_TRANSFER_EXPIRED, ts);
        }
        if (!isVoid && dr.has(AccountFlags.CLOSED)) {
            return fail(CreateTransferResult.DEBIT_ACCOUNT_ALREADY_CLOSED, ts);
        }
        if (!isVoid && cr.has(AccountFlags.CLOSED)) {
            return fail(CreateTransferResult.CREDIT_ACCOUNT_ALREADY_CLOSED, ts);
        }
        dr.debitsPending = dr.debitsPending.subtract(p.amount().toBigInteger());
        cr.creditsPending = cr.creditsPending.subtract(p.amount().toBigInteger());
        if (post) {
            dr.debitsPosted = dr.debitsPosted.add(amount);
            cr.creditsPosted = cr.creditsPosted.add(amount);
        } else {
            reopen(p, dr, cr);
        }
        state.transfers.put(p.id(), p.withStatus(post ? TransferStatus.POSTED : TransferStatus.VOIDED));
        UInt128 moved = UInt128.of(amount);
        state.transfers.put(t.id(), new TransferRecord(t.id(), p.debitAccountId(), p.creditAccountId(), moved,
                t.pendingId(), t.userData128().isZero() ? p.userData128() : t.userData128(),
                t.userData64() != 0 ? t.userData64() : p.userData64(),
                t.userData32() != 0 ? t.userData32() : p.userData32(), 0, p.ledger(), p.code(), t.flags(), ts,
                post ? TransferStatus.POSTED : TransferStatus.VOIDED, dr.lastTransfer, cr.lastTransfer, t.metadata()));
        dr.lastTransfer = ts;
        cr.lastTransfer = ts;
        snapshot(dr, ts);
        snapshot(cr, ts);
        return new TransferOutcome(CreateTransferResult.OK, ts, moved);
    }

    private static BigInteger resolvedAmount(NewTransfer t, TransferRecord p) {
        if (has(t, TransferFlags.VOID_PENDING_TRANSFER)) {
            return t.amount().isZero() ? p.amount().toBigInteger() : t.amount().toBigInteger();
        }
        return t.amount().isMax() ? p.amount().toBigInteger() : t.amount().toBigInteger();
    }

    private static void reopen(TransferRecord p, Account dr, Account cr) {
        if (p.hasFlag(TransferFlags.CLOSING_DEBIT)) {
            dr.flags &= ~AccountFlags.CLOSED;
        }
        if (p.hasFlag(TransferFlags.CLOSING_CREDIT)) {
            cr.flags &= ~AccountFlags.CLOSED;
        }
    }

    private CreateTransferResult transferExists(NewTransfer t, TransferRecord e) {
        if (t.flags() != e.flags()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_FLAGS;
        }
        if (!t.pendingId().equals(e.pendingId())) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_PENDING_ID;
        }
        if (t.timeoutSeconds() != e.timeoutSeconds()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_TIMEOUT;
        }
        boolean resolves = has(t, TransferFlags.POST_PENDING_TRANSFER) || has(t, TransferFlags.VOID_PENDING_TRANSFER);
        TransferRecord p = resolves ? state.transfers.get(t.pendingId()) : null;
        if (!(resolves ? t.debitAccountId().isZero() || t.debitAccountId().equals(e.debitAccountId())
                : t.debitAccountId().equals(e.debitAccountId()))) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (!(resolves ? t.creditAccountId().isZero() || t.creditAccountId().equals(e.creditAccountId())
                : t.creditAccountId().equals(e.creditAccountId()))) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        boolean balancing = has(t, TransferFlags.BALANCING_DEBIT) || has(t, TransferFlags.BALANCING_CREDIT);
        BigInteger want = resolves ? resolvedAmount(t, p) : t.amount().toBigInteger();
        int cmp = want.compareTo(e.amount().toBigInteger());
        if (!resolves && balancing ? cmp < 0 : cmp != 0) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_AMOUNT;
        }
        UInt128 want128 = resolves && t.userData128().isZero() ? p.userData128() : t.userData128();
        if (!want128.equals(e.userData128())) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        long want64 = resolves && t.userData64() == 0 ? p.userData64() : t.userData64();
        if (want64 != e.userData64()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        int want32 = resolves && t.userData32() == 0 ? p.userData32() : t.userData32();
        if (want32 != e.userData32()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        if (t.ledger() != 0 && t.ledger() != e.ledger()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if (resolves ? t.code() != 0 && t.code() != e.code() : t.code() != e.code()) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_CODE;
        }
        if (!sameMetadata(t.metadata(), e.metadata())) {
            return CreateTransferResult.EXISTS_WITH_DIFFERENT_METADATA;
        }
        return CreateTransferResult.EXISTS;
    }

    // ---- Transactions ----

    public TransactionOutcome createTransaction(NewTransaction tx) {
        long ts = nextTimestamp();
        TransactionOutcome outcome = transaction(tx, ts);
        if (outcome.result().isTransient()) {
            state.failedTransactions.put(tx.id(), outcome.result());
        }
        return outcome;
    }

    private TransactionOutcome transaction(NewTransaction tx, long ts) {
        if (tx.id().isZero()) {
            return new TransactionOutcome(CreateTransactionResult.ID_MUST_NOT_BE_ZERO, -1, ts);
        }
        if (tx.id().isMax()) {
            return new TransactionOutcome(CreateTransactionResult.ID_MUST_NOT_BE_INT_MAX, -1, ts);
        }
        TransactionRecord e = state.transactions.get(tx.id());
        if (e != null) {
            CreateTransactionResult r = !tx.entries().equals(e.entries())
                    ? CreateTransactionResult.EXISTS_WITH_DIFFERENT_ENTRIES
                    : tx.code() != e.code() ? CreateTransactionResult.EXISTS_WITH_DIFFERENT_CODE
                    : !sameMetadata(tx.metadata(), e.metadata()) ? CreateTransactionResult.EXISTS_WITH_DIFFERENT_METADATA
                    : CreateTransactionResult.EXISTS;
            return new TransactionOutcome(r, -1, e.timestamp());
        }
        if (state.failedTransactions.containsKey(tx.id())) {
            return new TransactionOutcome(CreateTransactionResult.ID_ALREADY_FAILED, -1, ts);
        }
        TransactionOutcome invalid = checkEntries(tx, ts);
        if (invalid != null) {
            return invalid;
        }
        long[] ledgers = tx.entries().stream().mapToLong(en -> state.accounts.get(en.accountId()).ledger).toArray();
        List<TransactionLegs.Leg> legs = TransactionLegs.decompose(tx.entries(), ledgers);
        State before = state.copy();
        for (int k = 0; k < legs.size(); k++) {
            TransactionLegs.Leg leg = legs.get(k);
            NewTransfer transfer = NewTransfer.builder(TransactionLegs.legId(tx.id(), k))
                    .debit(tx.entries().get(leg.debitEntry()).accountId())
                    .credit(tx.entries().get(leg.creditEntry()).accountId()).amount(leg.amount())
                    .userData(tx.id(), 0, 0).ledger(ledgers[leg.debitEntry()]).code(tx.code())
                    .flags(k < legs.size() - 1 ? TransferFlags.LINKED : 0).build();
            TransferOutcome r = createTransfer(transfer, nextTimestamp());
            if (r.result() != CreateTransferResult.OK) {
                state = before;
                return legFailure(r.result(), leg, ts);
            }
        }
        state.transactions.put(tx.id(), new TransactionRecord(tx.id(), tx.code(), tx.entries(), tx.metadata(), ts, legs.size()));
        return new TransactionOutcome(CreateTransactionResult.OK, -1, ts);
    }

    private TransactionOutcome checkEntries(NewTransaction tx, long ts) {
        List<TransactionEntry> entries = tx.entries();
        if (entries.size() < 2 || entries.size() > LedgerLimits.TRANSACTION_ENTRIES_MAX) {
            return new TransactionOutcome(CreateTransactionResult.ENTRY_COUNT_OUT_OF_RANGE, -1, ts);
        }
        for (int k = 0; k < entries.size(); k++) {
            TransactionEntry en = entries.get(k);
            if (en.accountId().isZero()) {
                return new TransactionOutcome(CreateTransactionResult.ENTRY_ACCOUNT_ID_MUST_NOT_BE_ZERO, k, ts);
            }
            if (en.accountId().isMax()) {
                return new TransactionOutcome(CreateTransactionResult.ENTRY_ACCOUNT_ID_MUST_NOT_BE_INT_MAX, k, ts);
            }
            if (en.amount().isZero()) {
                return new TransactionOutcome(CreateTransactionResult.ENTRY_AMOUNT_MUST_NOT_BE_ZERO, k, ts);
            }
        }
        for (int k = 0; k < entries.size(); k++) {
            if (!state.accounts.containsKey(entries.get(k).accountId())) {
                return new TransactionOutcome(CreateTransactionResult.ENTRY_ACCOUNT_NOT_FOUND, k, ts);
            }
        }
        // The first entry (in entry order) of any currency whose debits and credits differ.
        for (int k = 0; k < entries.size(); k++) {
            long ledger = state.accounts.get(entries.get(k).accountId()).ledger;
            BigInteger net = BigInteger.ZERO;
            boolean first = true;
            for (int j = 0; j < entries.size(); j++) {
                if (state.accounts.get(entries.get(j).accountId()).ledger == ledger) {
                    first &= j >= k;
                    BigInteger a = entries.get(j).amount().toBigInteger();
                    net = entries.get(j).direction() == EntryDirection.DEBIT ? net.add(a) : net.subtract(a);
                }
            }
            if (first && net.signum() != 0) {
                return new TransactionOutcome(CreateTransactionResult.ENTRIES_MUST_BALANCE, k, ts);
            }
        }
        Set<UInt128> debited = new HashSet<>();
        Set<UInt128> credited = new HashSet<>();
        for (int k = 0; k < entries.size(); k++) {
            TransactionEntry en = entries.get(k);
            boolean debit = en.direction() == EntryDirection.DEBIT;
            if ((debit ? credited : debited).contains(en.accountId())) {
                return new TransactionOutcome(CreateTransactionResult.ACCOUNT_ON_BOTH_SIDES, k, ts);
            }
            (debit ? debited : credited).add(en.accountId());
        }
        return null;
    }

    private static TransactionOutcome legFailure(CreateTransferResult r, TransactionLegs.Leg leg, long ts) {
        String name = r.name();
        if (name.startsWith("EXISTS") || r == CreateTransferResult.ID_ALREADY_FAILED) {
            return new TransactionOutcome(CreateTransactionResult.LEG_ID_ALREADY_USED, -1, ts);
        }
        return switch (r) {
            case DEBIT_ACCOUNT_ALREADY_CLOSED -> new TransactionOutcome(CreateTransactionResult.ACCOUNT_ALREADY_CLOSED, leg.debitEntry(), ts);
            case CREDIT_ACCOUNT_ALREADY_CLOSED -> new TransactionOutcome(CreateTransactionResult.ACCOUNT_ALREADY_CLOSED, leg.creditEntry(), ts);
            case OVERFLOWS_DEBITS_POSTED, OVERFLOWS_DEBITS, EXCEEDS_CREDITS ->
                    new TransactionOutcome(CreateTransactionResult.valueOf(name), leg.debitEntry(), ts);
            case OVERFLOWS_CREDITS_POSTED, OVERFLOWS_CREDITS, EXCEEDS_DEBITS ->
                    new TransactionOutcome(CreateTransactionResult.valueOf(name), leg.creditEntry(), ts);
            default -> throw new AssertionError("unexpected leg failure " + r);
        };
    }

    // ---- Reads, for comparisons ----

    /** The model's view of account {@code id}: [debitsPending, debitsPosted, creditsPending, creditsPosted], flags. */
    public record AccountState(UInt128 id, long ledger, int code, int flags, long timestamp, BigInteger debitsPending,
            BigInteger debitsPosted, BigInteger creditsPending, BigInteger creditsPosted, long lastTransfer) {}

    public Map<UInt128, AccountState> accounts() {
        Map<UInt128, AccountState> out = new HashMap<>();
        state.accounts.forEach((id, a) -> out.put(id, new AccountState(id, a.ledger, a.code, a.flags, a.timestamp,
                a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted, a.lastTransfer)));
        return out;
    }

    public Map<UInt128, TransferRecord> transfers() {
        return Map.copyOf(state.transfers);
    }

    public Map<UInt128, CreateTransferResult> failedTransfers() {
        return Map.copyOf(state.failedTransfers);
    }

    public Map<UInt128, TransactionRecord> transactions() {
        return Map.copyOf(state.transactions);
    }

    public Map<UInt128, List<Balances>> history() {
        Map<UInt128, List<Balances>> out = new HashMap<>();
        state.history.forEach((id, list) -> out.put(id, List.copyOf(list)));
        return out;
    }

    private void snapshot(Account a, long ts) {
        if (a.has(AccountFlags.HISTORY)) {
            state.history.computeIfAbsent(a.id, k -> new ArrayList<>()).add(new Balances(ts, UInt128.of(a.debitsPending),
                    UInt128.of(a.debitsPosted), UInt128.of(a.creditsPending), UInt128.of(a.creditsPosted)));
        }
    }

    private static boolean overflows(BigInteger value) {
        return value.compareTo(LIMIT) >= 0;
    }

    private static boolean has(NewTransfer t, int flag) {
        return (t.flags() & flag) != 0;
    }

    private static boolean sameMetadata(byte[] a, byte[] b) {
        byte[] x = a == null ? new byte[0] : a;
        byte[] y = b == null ? new byte[0] : b;
        return Arrays.equals(x, y);
    }
}
