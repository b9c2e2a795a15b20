package dev.settle.client;

/** Wire names of transfer flags (docs/api.md, "Transfers"). */
public final class TransferFlags {
    /** In a batch only: links this transfer to the next; the chain applies whole or not at all. */
    public static final String LINKED = "linked";
    /** Reserves the amount until it is posted, voided or expires (two-phase transfer). */
    public static final String PENDING = "pending";
    /** Posts a pending transfer, in full or in part. */
    public static final String POST_PENDING_TRANSFER = "post_pending_transfer";
    /** Voids a pending transfer, releasing its reservation. */
    public static final String VOID_PENDING_TRANSFER = "void_pending_transfer";
    public static final String BALANCING_DEBIT = "balancing_debit";
    public static final String BALANCING_CREDIT = "balancing_credit";
    public static final String CLOSING_DEBIT = "closing_debit";
    public static final String CLOSING_CREDIT = "closing_credit";

    private TransferFlags() {}
}
