package dev.settle.ledger;

import java.util.Locale;

/**
 * The outcome of one transfer in a create-transfers batch.
 *
 * <p>Listed in order of precedence: when several apply, the first listed is returned. The order
 * and names follow TigerBeetle's {@code CreateTransferResult} (release 0.16): zero amounts are
 * allowed, posting amount {@code 2^128-1} posts the full pending amount, and voiding amount 0
 * voids the full amount. Settle adds metadata, allows code 0, lets ledger 0 mean "the accounts'
 * ledger" (so there is no {@code ledger_must_not_be_zero}) and bounds open pending transfers.
 */
public enum CreateTransferResult {
    OK,
    LINKED_EVENT_FAILED,
    LINKED_EVENT_CHAIN_OPEN,
    RESERVED_FLAG,
    ID_MUST_NOT_BE_ZERO,
    ID_MUST_NOT_BE_INT_MAX,
    EXISTS_WITH_DIFFERENT_FLAGS,
    EXISTS_WITH_DIFFERENT_PENDING_ID,
    EXISTS_WITH_DIFFERENT_TIMEOUT,
    EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID,
    EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID,
    EXISTS_WITH_DIFFERENT_AMOUNT,
    EXISTS_WITH_DIFFERENT_USER_DATA_128,
    EXISTS_WITH_DIFFERENT_USER_DATA_64,
    EXISTS_WITH_DIFFERENT_USER_DATA_32,
    EXISTS_WITH_DIFFERENT_LEDGER,
    EXISTS_WITH_DIFFERENT_CODE,
    EXISTS_WITH_DIFFERENT_METADATA,
    EXISTS,
    ID_ALREADY_FAILED,
    FLAGS_ARE_MUTUALLY_EXCLUSIVE,
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
    ACCOUNTS_MUST_BE_DIFFERENT,
    PENDING_ID_MUST_BE_ZERO,
    PENDING_ID_MUST_NOT_BE_ZERO,
    PENDING_ID_MUST_NOT_BE_INT_MAX,
    PENDING_ID_MUST_BE_DIFFERENT,
    TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
    CLOSING_TRANSFER_MUST_BE_PENDING,
    DEBIT_ACCOUNT_NOT_FOUND,
    CREDIT_ACCOUNT_NOT_FOUND,
    ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
    TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS,
    PENDING_TRANSFER_NOT_FOUND,
    PENDING_TRANSFER_NOT_PENDING,
    PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID,
    PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID,
    PENDING_TRANSFER_HAS_DIFFERENT_LEDGER,
    PENDING_TRANSFER_HAS_DIFFERENT_CODE,
    EXCEEDS_PENDING_TRANSFER_AMOUNT,
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT,
    PENDING_TRANSFER_ALREADY_POSTED,
    PENDING_TRANSFER_ALREADY_VOIDED,
    PENDING_TRANSFER_EXPIRED,
    DEBIT_ACCOUNT_ALREADY_CLOSED,
    CREDIT_ACCOUNT_ALREADY_CLOSED,
    OVERFLOWS_DEBITS_PENDING,
    OVERFLOWS_CREDITS_PENDING,
    OVERFLOWS_DEBITS_POSTED,
    OVERFLOWS_CREDITS_POSTED,
    OVERFLOWS_DEBITS,
    OVERFLOWS_CREDITS,
    OVERFLOWS_TIMEOUT,
    EXCEEDS_CREDITS,
    EXCEEDS_DEBITS,
    PENDING_TRANSFER_LIMIT_REACHED;

    private static final CreateTransferResult[] VALUES = values();
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The stable snake_case name clients see. */
    public String code() {
        return code;
    }

    public static CreateTransferResult ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /**
     * True for failures that depend on the state at the time (not on the request itself). The id
     * of such a transfer is remembered: a retry with the same id answers {@link #ID_ALREADY_FAILED}
     * instead of succeeding later, so one id has one outcome forever.
     */
    public boolean isTransient() {
        return switch (this) {
            case DEBIT_ACCOUNT_NOT_FOUND, CREDIT_ACCOUNT_NOT_FOUND, PENDING_TRANSFER_NOT_FOUND,
                    EXCEEDS_CREDITS, EXCEEDS_DEBITS, DEBIT_ACCOUNT_ALREADY_CLOSED,
                    CREDIT_ACCOUNT_ALREADY_CLOSED, PENDING_TRANSFER_LIMIT_REACHED -> true;
            default -> false;
        };
    }
}
