package dev.settle.ledger;

/**
 * Applies a submission event by event with TigerBeetle's linked-chain rules, for accounts and
 * transfers alike:
 *
 * <ul>
 *   <li>a chain is a run of events with the {@code linked} flag plus the first event after them
 *       without it; it applies whole or not at all;
 *   <li>when an event of a chain fails, the events before it roll back and become
 *       {@code linked_event_failed}, the failing one keeps its own result, and the rest of the
 *       chain become {@code linked_event_failed} without being tried;
 *   <li>a chain still open at the end of the submission fails: its last event is
 *       {@code linked_event_chain_open}.
 * </ul>
 * Every event, applied or not, consumes one timestamp.
 */
final class ChainRunner {
    /** The result ordinals the chain rules write; equal in both result enums. */
    static final int LINKED_EVENT_FAILED = 1;
    static final int LINKED_EVENT_CHAIN_OPEN = 2;

    static {
        Invariants.check(CreateAccountResult.LINKED_EVENT_FAILED.ordinal() == LINKED_EVENT_FAILED
                && CreateTransferResult.LINKED_EVENT_FAILED.ordinal() == LINKED_EVENT_FAILED, "linked_event_failed");
        Invariants.check(CreateAccountResult.LINKED_EVENT_CHAIN_OPEN.ordinal() == LINKED_EVENT_CHAIN_OPEN
                && CreateTransferResult.LINKED_EVENT_CHAIN_OPEN.ordinal() == LINKED_EVENT_CHAIN_OPEN,
                "linked_event_chain_open");
    }

    /** One kind of submission (accounts or transfers), as the chain rules see it. */
    interface Events {
        int size();

        boolean linked(int i);

        /** Applies event {@code i}, records its result, and returns whether it succeeded. */
        boolean apply(int i, long timestamp);

        /** Records a chain-rule failure ({@link #LINKED_EVENT_FAILED} or {@link #LINKED_EVENT_CHAIN_OPEN}). */
        void fail(int i, int resultOrdinal, long timestamp);

        /** The timestamp recorded for event {@code i}. */
        long timestampOf(int i);

        /** Remembers the id of event {@code i} if its recorded failure is transient. */
        void rememberTransientFailure(int i);
    }

    private final LedgerEngine engine;

    ChainRunner(LedgerEngine engine) {
        this.engine = engine;
    }

    void run(Events events) {
        int size = events.size();
        int chainStart = -1;
        boolean chainBroken = false;
        for (int i = 0; i < size; i++) {
            long timestamp = engine.nextTimestamp();
            boolean linked = events.linked(i);
            if (linked && chainStart < 0) {
                chainStart = i;
                engine.openScope();
            }
            boolean applied;
            if (linked && i == size - 1) {
                events.fail(i, LINKED_EVENT_CHAIN_OPEN, timestamp);
                applied = false;
            } else if (chainBroken) {
                events.fail(i, LINKED_EVENT_FAILED, timestamp);
                applied = false;
            } else {
                applied = events.apply(i, timestamp);
            }
            if (!applied) {
                if (chainStart >= 0 && !chainBroken) {
                    chainBroken = true;
                    engine.discardScope();
                    for (int j = chainStart; j < i; j++) {
                        events.fail(j, LINKED_EVENT_FAILED, events.timestampOf(j));
                    }
                }
                events.rememberTransientFailure(i);
            }
            boolean chainEnds = !linked || i == size - 1;
            if (chainStart >= 0 && chainEnds) {
                if (!chainBroken) {
                    engine.commitScope();
                }
                chainStart = -1;
                chainBroken = false;
            }
        }
    }
}
