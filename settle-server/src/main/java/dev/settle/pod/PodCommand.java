package dev.settle.pod;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.outbox.NotedEvent;
import java.util.List;

/**
 * One command for a pod's state machine, as data: what to apply, to which ledger, and what its
 * outcome will be ({@code R}). Commands carry no time, id generator or thread: the batch they
 * travel in fixes the time, so applying the same commands in the same batches always gives the
 * same state, whoever drives the state machine (the local writer today, a Raft group later).
 *
 * <p>The batches inside a command are not changed once it is submitted.
 *
 * @param <R> what the command's future completes with once its batch is durable
 */
public sealed interface PodCommand<R> permits PodCommand.CreateAccounts, PodCommand.CreateTransfers,
        PodCommand.CreateTransaction, PodCommand.Barrier, PodCommand.AddLedger, PodCommand.RemoveLedger,
        PodCommand.RecordChange, PodCommand.CreateLedger, PodCommand.StoreChange, PodCommand.GuardedChange,
        PodCommand.GuardedRecords {
    /** The ledger number of a command that concerns every ledger of the pod. */
    int ALL_LEDGERS = -1;

    /** The ledger it applies to, or {@link #ALL_LEDGERS}. */
    int ledger();

    /** How much of a batch it takes: accounts, transfers or transaction entries (0 for the others). */
    int events();

    /** What an outcome carries besides the result codes. */
    enum Detail {
        /** The result codes only (a batch of many). */
        RESULTS,
        /** Also the stored account or transfer of each OK or EXISTS result (a single create, answered with it). */
        RECORDS
    }

    /** Creates accounts, answered with result codes only. */
    static CreateAccounts accounts(int ledger, AccountBatch accounts) {
        return new CreateAccounts(ledger, accounts, Detail.RESULTS);
    }

    static CreateAccounts accounts(int ledger, AccountBatch accounts, Detail detail) {
        return new CreateAccounts(ledger, accounts, detail);
    }

    /** Creates transfers, answered with result codes only. */
    static CreateTransfers transfers(int ledger, TransferBatch transfers) {
        return new CreateTransfers(ledger, transfers, Detail.RESULTS);
    }

    static CreateTransfers transfers(int ledger, TransferBatch transfers, Detail detail) {
        return new CreateTransfers(ledger, transfers, detail);
    }

    static CreateTransaction transaction(int ledger, NewTransaction transaction) {
        return new CreateTransaction(ledger, transaction);
    }

    /** Creates accounts; the outcome has one result per account, in order. */
    record CreateAccounts(int ledger, AccountBatch accounts, Detail detail) implements PodCommand<AccountOutcomes> {
        @Override
        public int events() {
            return accounts.size();
        }
    }

    /** Creates transfers (including posts and voids of pending ones); one result per transfer, in order. */
    record CreateTransfers(int ledger, TransferBatch transfers, Detail detail) implements PodCommand<TransferOutcomes> {
        @Override
        public int events() {
            return transfers.size();
        }
    }

    /** Creates a balanced multi-leg transaction, atomically. */
    record CreateTransaction(int ledger, NewTransaction transaction) implements PodCommand<TransactionOutcome> {
        @Override
        public int events() {
            return Math.max(1, transaction.entries().size());
        }
    }

    /**
     * No command: a batch over every ledger of the pod, which expires the pending transfers due
     * by its time. Completes once that batch is durable, and so does everything submitted before.
     */
    record Barrier() implements PodCommand<Void> {
        @Override
        public int ledger() {
            return ALL_LEDGERS;
        }

        @Override
        public int events() {
            return 0;
        }
    }

    /**
     * Takes a ledger into the pod (a new tenant's, or one moved in from another pod), as recovered
     * from the store; commands for it may follow. Adding a ledger the pod holds changes nothing.
     */
    record AddLedger(int ledger) implements PodCommand<Void> {
        @Override
        public int events() {
            return 0;
        }
    }

    /**
     * Takes a ledger out of the pod (its tenant moves away): commands for it earlier in the order
     * apply first; later ones are refused unapplied with {@link LedgerMovedException}.
     */
    record RemoveLedger(int ledger) implements PodCommand<Void> {
        @Override
        public int events() {
            return 0;
        }
    }

    /**
     * A change outside the ledger's engine (a tenant's keys or status): its records, written as
     * given, and its events, in the ledger's event log, in the same atomic write as the rest of
     * the batch. It completes (with null) once durable; what the change means to its caller stays
     * with the caller, so the command is data only.
     *
     * @param writes the records to put, at most {@link #WRITES_MAX}
     * @param noted its events, at most {@link #NOTED_EVENTS_MAX}
     */
    record RecordChange(int ledger, List<Put> writes, List<NotedEvent> noted) implements PodCommand<Void> {
        public static final int WRITES_MAX = 4;
        public static final int NOTED_EVENTS_MAX = 4;

        public RecordChange {
            writes = List.copyOf(writes);
            noted = List.copyOf(noted);
            if (writes.size() > WRITES_MAX || noted.size() > NOTED_EVENTS_MAX) {
                throw new IllegalArgumentException("a recorded change has at most " + WRITES_MAX + " writes and "
                        + NOTED_EVENTS_MAX + " events");
            }
        }

        @Override
        public int events() {
            return Math.max(1, noted.size());
        }
    }

    /**
     * Creates a ledger with its first records, unless one of its claims is taken: each claim is a
     * record that must not exist yet (a tenant's name, the ledger's number), put with the rest when
     * none exists. Decided where the batch applies, in the log's order, so two nodes that create
     * the same name at once get one winner. Completes with {@link #CREATED}, or with the index of
     * the first claim that was taken (and nothing is written or installed).
     *
     * @param writes records to put when created, at most {@link RecordChange#WRITES_MAX}
     * @param claims records that must not exist, at most {@link #CLAIMS_MAX}
     */
    record CreateLedger(int ledger, List<Put> writes, List<Put> claims) implements PodCommand<Integer> {
        public static final int CLAIMS_MAX = 4;
        public static final int CREATED = -1;

        public CreateLedger {
            writes = List.copyOf(writes);
            claims = List.copyOf(claims);
            if (writes.size() > RecordChange.WRITES_MAX || claims.isEmpty() || claims.size() > CLAIMS_MAX) {
                throw new IllegalArgumentException("a ledger is created with at most " + RecordChange.WRITES_MAX
                        + " writes and 1 to " + CLAIMS_MAX + " claims");
            }
        }

        @Override
        public int events() {
            return 1;
        }
    }

    /**
     * The bookkeeping of a service beside the ledger (the webhook relay's deliveries, queue and
     * cursors), written as given in the batch's atomic write. Through the pod so that on a cluster
     * every replica holds it and a new leader's relay continues from it. No outcome (null), no
     * events, and the registries are not told of it.
     *
     * @param ops at most {@link #OPS_MAX}
     */
    record StoreChange(int ledger, List<StoreOp> ops) implements PodCommand<Void> {
        public static final int OPS_MAX = 4096;

        public StoreChange {
            ops = List.copyOf(ops);
            if (ops.isEmpty() || ops.size() > OPS_MAX) {
                throw new IllegalArgumentException("a store change has 1 to " + OPS_MAX + " writes, not " + ops.size());
            }
        }

        @Override
        public int events() {
            return 1;
        }
    }

    /**
     * A change of records that holds only if they are still as its caller read them, with the
     * ledger transfers that belong to it and its events, all or nothing in the batch's one write
     * (a payment intent's step and its money). Decided where the batch applies, in the log's
     * order: when a record named in {@code expected} differs from its expected value (another
     * change came first) nothing applies ({@link GuardedOutcome.Status#STALE}); when a transfer
     * fails, nothing applies either ({@link GuardedOutcome.Status#REFUSED}). Only an applied
     * change stores its answer.
     *
     * @param expected each record's value as read (an empty value: the record must not exist), at most {@link #EXPECTED_MAX}
     * @param transfers at most {@link #TRANSFERS_MAX}, one linked chain when more than one
     * @param writes records to put (an empty value deletes), at most {@link #WRITES_MAX}
     * @param noted events, at most {@link RecordChange#NOTED_EVENTS_MAX}
     */
    record GuardedChange(int ledger, List<Put> expected, TransferBatch transfers, List<Put> writes,
            List<NotedEvent> noted) implements PodCommand<GuardedOutcome> {
        public static final int EXPECTED_MAX = 4;
        public static final int TRANSFERS_MAX = 8;
        public static final int WRITES_MAX = 8;

        public GuardedChange {
            expected = List.copyOf(expected);
            writes = List.copyOf(writes);
            noted = List.copyOf(noted);
            if (expected.size() > EXPECTED_MAX || writes.isEmpty() || writes.size() > WRITES_MAX
                    || noted.size() > RecordChange.NOTED_EVENTS_MAX || transfers.size() > TRANSFERS_MAX) {
                throw new IllegalArgumentException("a guarded change has at most " + EXPECTED_MAX + " expected records, 1 to "
                        + WRITES_MAX + " writes, " + TRANSFERS_MAX + " transfers and "
                        + RecordChange.NOTED_EVENTS_MAX + " events");
            }
            for (int i = 0; i < transfers.size(); i++) {
                boolean linked = (transfers.flags(i) & TransferFlags.LINKED) != 0;
                if (linked != (i < transfers.size() - 1)) {
                    throw new IllegalArgumentException("a guarded change's transfers are one linked chain");
                }
            }
        }

        @Override
        public int events() {
            return Math.max(1, transfers.size() + noted.size());
        }
    }

    /**
     * Many records written together if the ones named in {@code expected} are still as their
     * caller read them: a {@link GuardedChange} without money and at the scale of a statement's
     * chunk (its lines, their claims on ledger transfers, their events). Decided where the batch
     * applies, in the log's order; {@link GuardedOutcome.Status#STALE} writes nothing.
     *
     * @param expected each record's value as read (empty: must not exist), at most {@link #EXPECTED_MAX}
     * @param writes records to put (an empty value deletes), 1 to {@link #WRITES_MAX}
     * @param noted versioned events, at most {@link #NOTED_EVENTS_MAX}
     */
    record GuardedRecords(int ledger, List<Put> expected, List<Put> writes, List<NotedEvent> noted)
            implements PodCommand<GuardedOutcome> {
        public static final int EXPECTED_MAX = 16_384;
        public static final int WRITES_MAX = 32_768;
        public static final int NOTED_EVENTS_MAX = 4_096;

        public GuardedRecords {
            expected = List.copyOf(expected);
            writes = List.copyOf(writes);
            noted = List.copyOf(noted);
            if (expected.size() > EXPECTED_MAX || writes.isEmpty() || writes.size() > WRITES_MAX
                    || noted.size() > NOTED_EVENTS_MAX) {
                throw new IllegalArgumentException("guarded records have at most " + EXPECTED_MAX
                        + " expected records, 1 to " + WRITES_MAX + " writes and " + NOTED_EVENTS_MAX + " events");
            }
        }

        @Override
        public int events() {
            return Math.max(1, noted.size());
        }
    }

    /**
     * One write of a {@link StoreChange}: put {@code value} at {@code key}, delete {@code key}
     * ({@code value} empty), or delete the keys from {@code key} (inclusive) to {@code value} (exclusive).
     */
    record StoreOp(Kind kind, ColumnFamily family, byte[] key, byte[] value) {
        public enum Kind { PUT, DELETE, DELETE_RANGE }

        private static final byte[] NONE = new byte[0];

        public static StoreOp put(ColumnFamily family, byte[] key, byte[] value) {
            return new StoreOp(Kind.PUT, family, key, value);
        }

        public static StoreOp delete(ColumnFamily family, byte[] key) {
            return new StoreOp(Kind.DELETE, family, key, NONE);
        }

        public static StoreOp deleteRange(ColumnFamily family, byte[] from, byte[] to) {
            return new StoreOp(Kind.DELETE_RANGE, family, from, to);
        }
    }

    /** A record to put in {@code family}; an empty value deletes the record (no record is stored empty). */
    record Put(ColumnFamily family, byte[] key, byte[] value) {
        /** A put with nothing to store: the record is deleted. */
        public static Put deletion(ColumnFamily family, byte[] key) {
            return new Put(family, key, new byte[0]);
        }

        public boolean isDeletion() {
            return value.length == 0;
        }
    }
}
