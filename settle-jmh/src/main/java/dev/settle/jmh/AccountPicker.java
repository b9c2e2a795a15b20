package dev.settle.jmh;

import dev.settle.ledger.TransferBatch;
import java.util.SplittableRandom;

/**
 * Chooses the two accounts of each transfer: two distinct accounts uniformly at random, or, for
 * {@code hotPercent} percent of transfers, the hot account (index 0) on a random side and any
 * other account on the other. Seeded, so every run measures the same sequence.
 */
final class AccountPicker {
    static final int HOT_ACCOUNT_INDEX = 0;
    static final int PERCENT_MAX = 100;
    private static final long SEED = 0x5E771E;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final int accountCount;
    private final int hotPercent;

    AccountPicker(int accountCount, int hotPercent) {
        if (hotPercent < 0 || hotPercent > PERCENT_MAX) {
            throw new IllegalArgumentException("hotPercent must be 0.." + PERCENT_MAX + ", got " + hotPercent);
        }
        LedgerFixture.check(accountCount >= 2, "a transfer needs two distinct accounts");
        this.accountCount = accountCount;
        this.hotPercent = hotPercent;
    }

    /** Sets the debit and credit accounts of transfer {@code i}. */
    void assign(TransferBatch batch, int i) {
        int debit;
        int credit;
        if (random.nextInt(PERCENT_MAX) < hotPercent) {
            int other = otherThan(HOT_ACCOUNT_INDEX);
            boolean hotDebits = random.nextBoolean();
            debit = hotDebits ? HOT_ACCOUNT_INDEX : other;
            credit = hotDebits ? other : HOT_ACCOUNT_INDEX;
        } else {
            debit = random.nextInt(accountCount);
            credit = otherThan(debit);
        }
        batch.setDebitAccountId(i, 0, LedgerFixture.accountIdLow(debit));
        batch.setCreditAccountId(i, 0, LedgerFixture.accountIdLow(credit));
    }

    /** A uniformly random account other than {@code accountIndex}. */
    private int otherThan(int accountIndex) {
        // An offset of 1..count-1, modulo count, never lands back on the account itself.
        return (accountIndex + 1 + random.nextInt(accountCount - 1)) % accountCount;
    }
}
