package dev.settle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.reference.InMemoryStore;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small ledger for the result-code examples: an engine over an {@link InMemoryStore}, driven the
 * way a pod drives it. Every {@code submit} is one batch of its own: it begins at the ledger's
 * clock, runs the command, and the batch is written to the store and released before the next one,
 * so later batches find earlier ids through the store, as in production.
 *
 * <p>The clock stands still unless an example moves it ({@link #passSeconds}, {@link #setClock}):
 * events still get strictly increasing timestamps within and across batches.
 */
final class ExampleLedger {
    static final long USD = Currency.toLedger("USD");
    static final long EUR = Currency.toLedger("EUR");
    /** An account id that no example creates: far beyond the ids {@link #newId()} hands out. */
    static final UInt128 NO_SUCH_ACCOUNT = UInt128.of(Long.MAX_VALUE);

    private final LedgerEngine engine = new LedgerEngine();
    private final InMemoryStore store = new InMemoryStore();
    private long now = 1_700_000_000L * LedgerLimits.NANOS_PER_SECOND; // November 2023
    private long nextId = 1;
    private State beforeLastSubmission;

    // ---- Accounts ----

    /** Opens a USD account with no flags; returns its id. */
    UInt128 account() {
        return account(0);
    }

    /** Opens a USD account with these {@link AccountFlags}; returns its id. */
    UInt128 account(int flags) {
        return open(newAccount().withFlags(flags));
    }

    /** Opens an account with no flags in another ledger (currency); returns its id. */
    UInt128 accountIn(long ledger) {
        return open(new NewAccount(newId(), ledger, 0, 0, UInt128.ZERO, 0, 0, null));
    }

    /** A request for a USD account with a fresh id and no flags, not yet submitted. */
    NewAccount newAccount() {
        return NewAccount.of(newId(), USD);
    }

    CreateAccountResult submit(NewAccount account) {
        return submitAll(account).getFirst();
    }

    /** Submits the accounts as one create-accounts request (linked flags chain them). */
    List<CreateAccountResult> submitAll(NewAccount... accounts) {
        return inBatch(() -> {
            AccountBatch batch = new AccountBatch(accounts.length);
            Arrays.stream(accounts).forEach(batch::add);
            AccountResults results = new AccountResults(accounts.length);
            engine.createAccounts(batch, results);
            return IntStream.range(0, results.size()).mapToObj(results::result).toList();
        });
    }

    /** The account as the ledger holds it now (balances, flags), or null. */
    AccountRecord find(UInt128 id) {
        return engine.findAccount(id.high(), id.low());
    }

    // ---- Transfers ----

    /** A single-phase USD transfer with a fresh id, not yet submitted. */
    NewTransfer newTransfer(UInt128 debit, UInt128 credit, long amount) {
        return newTransfer(debit, credit, UInt128.of(amount));
    }

    NewTransfer newTransfer(UInt128 debit, UInt128 credit, UInt128 amount) {
        return NewTransfer.of(newId(), debit, credit, amount, USD);
    }

    /** A pending (two-phase) USD transfer with a fresh id and no timeout. */
    NewTransfer newPending(UInt128 debit, UInt128 credit, long amount) {
        return newPending(debit, credit, UInt128.of(amount));
    }

    NewTransfer newPending(UInt128 debit, UInt128 credit, UInt128 amount) {
        return newTransfer(debit, credit, amount).withFlags(TransferFlags.PENDING);
    }

    /** Posts the whole of {@code pending} (amount 2^128-1 means "all of it"). */
    NewTransfer newPost(NewTransfer pending) {
        return NewTransfer.resolving(newId(), pending.id(), TransferFlags.POST_PENDING_TRANSFER, UInt128.MAX);
    }

    NewTransfer newPost(NewTransfer pending, long amount) {
        return NewTransfer.resolving(newId(), pending.id(), TransferFlags.POST_PENDING_TRANSFER, UInt128.of(amount));
    }

    /** Voids the whole of {@code pending} (amount 0 means "all of it"). */
    NewTransfer newVoid(NewTransfer pending) {
        return newVoid(pending, 0);
    }

    NewTransfer newVoid(NewTransfer pending, long amount) {
        return NewTransfer.resolving(newId(), pending.id(), TransferFlags.VOID_PENDING_TRANSFER, UInt128.of(amount));
    }

    CreateTransferResult submit(NewTransfer transfer) {
        return submitAll(transfer).getFirst();
    }

    /** Submits the transfers as one create-transfers request (linked flags chain them). */
    List<CreateTransferResult> submitAll(NewTransfer... transfers) {
        return inBatch(() -> {
            TransferBatch batch = new TransferBatch(transfers.length);
            Arrays.stream(transfers).forEach(batch::add);
            TransferResults results = new TransferResults(transfers.length);
            engine.createTransfers(batch, results);
            return IntStream.range(0, results.size()).mapToObj(results::result).toList();
        });
    }

    /**
     * Opens pending transfers of 0 from {@code debit} to {@code credit} until the ledger holds
     * {@link LedgerLimits#PENDING_TRANSFERS_OPEN_MAX} of them, in full batches. Unlike
     * {@link #submit}, these batches are not written to the example store: four million stored
     * records would not fit in the test heap, and no example looks them up again.
     */
    void openPendingTransfersUpToTheLimit(UInt128 debit, UInt128 credit) {
        TransferBatch batch = new TransferBatch(LedgerLimits.TRANSFERS_PER_BATCH_MAX);
        TransferResults results = new TransferResults(LedgerLimits.TRANSFERS_PER_BATCH_MAX);
        while (engine.openPendingCount() < LedgerLimits.PENDING_TRANSFERS_OPEN_MAX) {
            engine.beginBatch(now, store);
            batch.clear();
            int count = Math.min(batch.capacity(), LedgerLimits.PENDING_TRANSFERS_OPEN_MAX - engine.openPendingCount());
            for (int k = 0; k < count; k++) {
                int i = batch.add();
                UInt128 id = newId();
                batch.setId(i, id.high(), id.low());
                batch.setDebitAccountId(i, debit.high(), debit.low());
                batch.setCreditAccountId(i, credit.high(), credit.low());
                batch.setLedger(i, USD);
                batch.setFlags(i, TransferFlags.PENDING);
            }
            engine.createTransfers(batch, results);
            for (int i = 0; i < results.size(); i++) {
                if (results.result(i) != CreateTransferResult.OK) {
                    throw new AssertionError("filling the pending table: " + results.result(i));
                }
            }
            engine.releaseThrough(engine.endBatch().sequence());
        }
    }

    // ---- Transactions ----

    static TransactionEntry debit(UInt128 account, long amount) {
        return debit(account, UInt128.of(amount));
    }

    static TransactionEntry debit(UInt128 account, UInt128 amount) {
        return new TransactionEntry(account, EntryDirection.DEBIT, amount);
    }

    static TransactionEntry credit(UInt128 account, long amount) {
        return credit(account, UInt128.of(amount));
    }

    static TransactionEntry credit(UInt128 account, UInt128 amount) {
        return new TransactionEntry(account, EntryDirection.CREDIT, amount);
    }

    /** A transaction with a fresh id, code 0 and no metadata, not yet submitted. */
    NewTransaction newTransaction(TransactionEntry... entries) {
        return new NewTransaction(newId(), 0, List.of(entries), null);
    }

    TransactionOutcome submit(NewTransaction transaction) {
        return inBatch(() -> engine.createTransaction(transaction));
    }

    // ---- Time, ids and state ----

    /** Moves the clock on; the next batch expires the pending transfers whose deadline has passed. */
    void passSeconds(long seconds) {
        now += seconds * LedgerLimits.NANOS_PER_SECOND;
    }

    /** Sets the clock (nanoseconds since the Unix epoch) for the batches that follow. */
    void setClock(long nanos) {
        now = nanos;
    }

    UInt128 newId() {
        return UInt128.of(nextId++);
    }

    /** Checks that the last submission changed nothing: accounts, balances, flags, pending transfers, the store. */
    void assertNothingApplied() {
        assertThat(state()).as("the state before and after the last submission").isEqualTo(beforeLastSubmission);
    }

    private <R> R inBatch(Supplier<R> command) {
        engine.beginBatch(now, store); // expires what is due by now
        beforeLastSubmission = state();
        R result = command.get();
        InMemoryStore.Write write = InMemoryStore.capture(engine.endBatch());
        store.apply(write);
        engine.releaseThrough(write.sequence());
        return result;
    }

    private UInt128 open(NewAccount account) {
        assertThat(submit(account)).as("opening account %s", account.id()).isEqualTo(CreateAccountResult.OK);
        return account.id();
    }

    /** Every account (balances, flags, newest transfer) and what the store holds. */
    private record State(List<AccountRecord> accounts, int openPendings, int storedTransfers,
            int storedTransactions) {}

    private State state() {
        BatchChanges.Accounts table = engine.accounts();
        List<AccountRecord> accounts = IntStream.range(0, table.size()).mapToObj(table::record).toList();
        return new State(accounts, engine.openPendingCount(), store.transfers().size(), store.transactions().size());
    }

    /**
     * Which result codes the examples of one test class produced. Each example reports the code it
     * asserts through {@link #expect}; the class's {@code @AfterAll} then checks that every code of
     * the enum has an example, or is listed, with the reason, as not reachable.
     *
     * <p>Registered as an extension only to count the examples that ran: when a run selects only
     * some of them (one test in an IDE), the completeness check is skipped, not failed.
     */
    static final class Examples<E extends Enum<E>> implements BeforeEachCallback {
        private final Class<E> codes;
        private final Map<E, String> notReachable;
        private final Set<E> produced;
        private int started;
        private int declared;

        Examples(Class<E> codes, Map<E, String> notReachable) {
            this.codes = codes;
            this.notReachable = Map.copyOf(notReachable);
            this.produced = EnumSet.noneOf(codes);
        }

        /** Asserts that the example produced {@code expected} and records it. */
        synchronized void expect(E actual, E expected) {
            assertThat(actual).isEqualTo(expected);
            produced.add(actual);
        }

        synchronized void assertEveryCodeHasAnExample() {
            Assumptions.assumeTrue(started == declared,
                    () -> started + " of " + declared + " examples ran: completeness is checked on full runs only");
            Set<E> reachedAfterAll = EnumSet.noneOf(codes);
            reachedAfterAll.addAll(produced);
            reachedAfterAll.retainAll(notReachable.keySet());
            assertThat(reachedAfterAll).as("codes listed as not reachable that have an example").isEmpty();
            Set<E> missing = EnumSet.allOf(codes);
            missing.removeAll(produced);
            missing.removeAll(notReachable.keySet());
            assertThat(missing).as("%s codes without an example", codes.getSimpleName()).isEmpty();
        }

        @Override
        public synchronized void beforeEach(ExtensionContext context) {
            started++;
            declared = (int) Arrays.stream(context.getRequiredTestClass().getDeclaredMethods())
                    .filter(method -> method.isAnnotationPresent(Test.class))
                    .count();
        }
    }
}
