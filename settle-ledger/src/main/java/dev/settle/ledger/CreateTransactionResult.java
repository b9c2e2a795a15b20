package dev.settle.ledger;

import java.util.Locale;

/**
 * The outcome of a balanced multi-leg transaction. Listed in order of precedence for the
 * transaction as a whole; checks of entries run entry by entry, so the first entry with a problem
 * decides (entry 0 with a zero amount answers {@code entry_amount_must_not_be_zero} even when entry
 * 1 names no account), and so do the legs, in order ({@code TransactionResultExamplesTest}).
 *
 * <p>A transaction is applied as one linked chain of transfers, so it succeeds or fails whole.
 * Failures that come from one entry name that entry (see {@link TransactionOutcome#entryIndex()}).
 */
public enum CreateTransactionResult {
    OK,
    ID_MUST_NOT_BE_ZERO,
    ID_MUST_NOT_BE_INT_MAX,
    EXISTS_WITH_DIFFERENT_ENTRIES,
    EXISTS_WITH_DIFFERENT_CODE,
    EXISTS_WITH_DIFFERENT_METADATA,
    EXISTS,
    ID_ALREADY_FAILED,
    ENTRY_COUNT_OUT_OF_RANGE,
    ENTRY_ACCOUNT_ID_MUST_NOT_BE_ZERO,
    ENTRY_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
    ENTRY_AMOUNT_MUST_NOT_BE_ZERO,
    ENTRY_ACCOUNT_NOT_FOUND,
    ENTRIES_MUST_BALANCE,
    ACCOUNT_ON_BOTH_SIDES,
    LEG_ID_ALREADY_USED,
    ACCOUNT_ALREADY_CLOSED,
    OVERFLOWS_DEBITS_POSTED,
    OVERFLOWS_CREDITS_POSTED,
    OVERFLOWS_DEBITS,
    OVERFLOWS_CREDITS,
    EXCEEDS_CREDITS,
    EXCEEDS_DEBITS;

    private static final CreateTransactionResult[] VALUES = values();
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The stable snake_case name clients see. */
    public String code() {
        return code;
    }

    public static CreateTransactionResult ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** True for failures that depend on the state at the time; see {@link CreateTransferResult#isTransient()}. */
    public boolean isTransient() {
        return switch (this) {
            case ENTRY_ACCOUNT_NOT_FOUND, ACCOUNT_ALREADY_CLOSED, EXCEEDS_CREDITS, EXCEEDS_DEBITS -> true;
            default -> false;
        };
    }
}
