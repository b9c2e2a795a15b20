package dev.settle.bench;

import java.util.SplittableRandom;

/**
 * Generates one client's stream of transfer operations, deterministically from the seed and the
 * client number. Every operation succeeds on a ledger without balance limits, so Settle and the
 * baseline do the same work.
 *
 * <p>A two-phase transfer is emitted as PENDING; its POST_PENDING comes out of the same stream
 * at least {@link #POST_DELAY_OPERATIONS} operations later, so that the pending transfer has been
 * acknowledged by then (callers wait for each submission before building the next one).
 */
public final class TransferWorkload {
    /** Operations between a pending transfer and its post: one full submission of the largest size. */
    public static final int POST_DELAY_OPERATIONS = WorkloadSpec.BATCH_SIZE_MAX;
    public static final long AMOUNT_MAX = 1_000;

    /** What one operation does. */
    public enum Kind {
        /** A single-phase transfer. */
        POSTED,
        /** A two-phase transfer's reservation. */
        PENDING,
        /** The post of the pending transfer emitted with sequence {@code pendingSequence}. */
        POST_PENDING
    }

    /** Receives one operation; account numbers are 0..accounts-1, sequences count from 0 per client. */
    @FunctionalInterface
    public interface Sink {
        void accept(Kind kind, int debitAccount, int creditAccount, long amount, long sequence, long pendingSequence);
    }

    private final WorkloadSpec spec;
    private final SplittableRandom random;
    private final long[] waitingSequence = new long[POST_DELAY_OPERATIONS];
    private final int[] waitingDebit = new int[POST_DELAY_OPERATIONS];
    private final int[] waitingCredit = new int[POST_DELAY_OPERATIONS];
    private final long[] waitingAmount = new long[POST_DELAY_OPERATIONS];
    private final long[] waitingSince = new long[POST_DELAY_OPERATIONS];
    private int waitingHead;
    private int waitingCount;
    private long sequence;

    public TransferWorkload(WorkloadSpec spec, int client) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed() * 1_000_003L + client);
    }

    /** Emits the next operation into {@code sink}. */
    public void next(Sink sink) {
        long now = sequence++;
        if (waitingCount > 0 && now - waitingSince[waitingHead] >= POST_DELAY_OPERATIONS) {
            emitPost(sink, now);
            return;
        }
        int debit;
        int credit;
        if (random.nextInt(100) < spec.hotPercent()) {
            int other = 1 + random.nextInt(spec.accounts() - 1);
            boolean hotDebits = random.nextBoolean();
            debit = hotDebits ? 0 : other;
            credit = hotDebits ? other : 0;
        } else {
            debit = random.nextInt(spec.accounts());
            credit = random.nextInt(spec.accounts() - 1);
            if (credit >= debit) {
                credit++;
            }
        }
        long amount = 1 + random.nextLong(AMOUNT_MAX);
        boolean pending = waitingCount < POST_DELAY_OPERATIONS && random.nextInt(100) < spec.pendingPercent();
        if (pending) {
            int tail = (waitingHead + waitingCount) % POST_DELAY_OPERATIONS;
            waitingSequence[tail] = now;
            waitingDebit[tail] = debit;
            waitingCredit[tail] = credit;
            waitingAmount[tail] = amount;
            waitingSince[tail] = now;
            waitingCount++;
        }
        sink.accept(pending ? Kind.PENDING : Kind.POSTED, debit, credit, amount, now, -1);
    }

    private void emitPost(Sink sink, long now) {
        int head = waitingHead;
        waitingHead = (waitingHead + 1) % POST_DELAY_OPERATIONS;
        waitingCount--;
        sink.accept(Kind.POST_PENDING, waitingDebit[head], waitingCredit[head], waitingAmount[head], now,
                waitingSequence[head]);
    }
}
