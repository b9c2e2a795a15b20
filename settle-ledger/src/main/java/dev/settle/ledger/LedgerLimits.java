package dev.settle.ledger;

/**
 * Every bound of the engine, in one place. Each loop and table has a fixed upper bound, and the
 * relationships between bounds are checked when the class loads.
 */
public final class LedgerLimits {
    /** Transfers in one create-transfers submission (TigerBeetle's batch size for 1 MiB messages). */
    public static final int TRANSFERS_PER_BATCH_MAX = 8190;
    /** Accounts in one create-accounts submission. */
    public static final int ACCOUNTS_PER_BATCH_MAX = 8190;
    /** Entries (debits and credits together) in one multi-leg transaction. */
    public static final int TRANSACTION_ENTRIES_MAX = 128;
    /** Transfers one transaction decomposes into: at most one fewer than its entries. */
    public static final int TRANSACTION_LEGS_MAX = TRANSACTION_ENTRIES_MAX - 1;
    /** Accounts one ledger holds in memory (each costs about 200 bytes of heap). */
    public static final int ACCOUNTS_MAX = 1 << 24;
    /** Pending transfers open at once in one ledger (each costs about 150 bytes of heap). */
    public static final int PENDING_TRANSFERS_OPEN_MAX = 1 << 22;
    /** Pending transfers expired at the start of one batch; the rest wait for the next batch. */
    public static final int EXPIRIES_PER_BATCH_MAX = 8190;
    /** Bytes of opaque metadata carried by one account, transfer or transaction. */
    public static final int METADATA_BYTES_MAX = 8192;
    /** A pending transfer's timeout is an unsigned 32-bit number of seconds. */
    public static final long TIMEOUT_SECONDS_MAX = 0xFFFF_FFFFL;
    /** Codes are unsigned 16-bit numbers. */
    public static final int CODE_MAX = 0xFFFF;
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    static {
        Invariants.check(TRANSACTION_LEGS_MAX < TRANSFERS_PER_BATCH_MAX, "a transaction fits in one batch");
        Invariants.check(EXPIRIES_PER_BATCH_MAX > 0, "expiry makes progress every batch");
        // timeout * 10^9 must not overflow a long before it is added to a timestamp.
        Invariants.check(TIMEOUT_SECONDS_MAX <= Long.MAX_VALUE / NANOS_PER_SECOND, "timeouts fit in nanoseconds");
        Invariants.check(ACCOUNTS_MAX <= Integer.MAX_VALUE / 8, "account balances index into one long[]");
    }

    private LedgerLimits() {}
}
