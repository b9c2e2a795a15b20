package dev.settle.ledger;

import java.util.Locale;

/**
 * The outcome of one account in a create-accounts batch.
 *
 * <p>Listed in order of precedence: when several apply, the first listed is returned. The order
 * and names follow TigerBeetle's {@code CreateAccountResult}; Settle adds metadata and a
 * capacity limit, and allows code 0.
 */
public enum CreateAccountResult {
    OK,
    LINKED_EVENT_FAILED,
    LINKED_EVENT_CHAIN_OPEN,
    RESERVED_FLAG,
    ID_MUST_NOT_BE_ZERO,
    ID_MUST_NOT_BE_INT_MAX,
    EXISTS_WITH_DIFFERENT_FLAGS,
    EXISTS_WITH_DIFFERENT_USER_DATA_128,
    EXISTS_WITH_DIFFERENT_USER_DATA_64,
    EXISTS_WITH_DIFFERENT_USER_DATA_32,
    EXISTS_WITH_DIFFERENT_LEDGER,
    EXISTS_WITH_DIFFERENT_CODE,
    EXISTS_WITH_DIFFERENT_METADATA,
    EXISTS,
    FLAGS_ARE_MUTUALLY_EXCLUSIVE,
    LEDGER_MUST_NOT_BE_ZERO,
    ACCOUNT_LIMIT_REACHED;

    private static final CreateAccountResult[] VALUES = values();
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The stable snake_case name clients see. */
    public String code() {
        return code;
    }

    public static CreateAccountResult ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
