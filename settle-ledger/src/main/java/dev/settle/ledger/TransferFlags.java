package dev.settle.ledger;

import java.util.List;

/** Transfer flag bits (TigerBeetle's values, minus {@code imported}, which Settle reserves). */
public final class TransferFlags {
    /** Links this transfer to the next in the batch: all succeed or all fail. */
    public static final int LINKED = 1;
    /** Two-phase: reserves the amount in the pending balances until posted, voided or expired. */
    public static final int PENDING = 1 << 1;
    /** Posts (all or part of) the pending transfer named by pending_id. */
    public static final int POST_PENDING_TRANSFER = 1 << 2;
    /** Voids the pending transfer named by pending_id, releasing its reservation. */
    public static final int VOID_PENDING_TRANSFER = 1 << 3;
    /** Moves at most amount, as much as the debit account's credit balance allows. */
    public static final int BALANCING_DEBIT = 1 << 4;
    /** Moves at most amount, as much as the credit account's debit balance allows. */
    public static final int BALANCING_CREDIT = 1 << 5;
    /** Closes the debit account (must be pending: voiding it reopens the account). */
    public static final int CLOSING_DEBIT = 1 << 6;
    /** Closes the credit account (must be pending: voiding it reopens the account). */
    public static final int CLOSING_CREDIT = 1 << 7;

    /** Every flag a client may set; bit 8 (TigerBeetle's imported) and above are reserved. */
    public static final int ALL = LINKED | PENDING | POST_PENDING_TRANSFER | VOID_PENDING_TRANSFER
            | BALANCING_DEBIT | BALANCING_CREDIT | CLOSING_DEBIT | CLOSING_CREDIT;

    private static final String[] NAMES = {
        "linked", "pending", "post_pending_transfer", "void_pending_transfer",
        "balancing_debit", "balancing_credit", "closing_debit", "closing_credit",
    };

    private TransferFlags() {}

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }

    /** The bit of a flag's API name, or 0 when the name is unknown. */
    public static int fromName(String name) {
        return AccountFlags.FlagNames.bitOf(NAMES, name);
    }

    /** The API names of the set flags, lowest bit first. */
    public static List<String> names(int flags) {
        return AccountFlags.FlagNames.namesOf(NAMES, flags);
    }
}
