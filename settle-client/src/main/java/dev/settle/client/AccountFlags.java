package dev.settle.client;

/** Wire names of account flags (docs/api.md, "Accounts"). */
public final class AccountFlags {
    /** The account's debits may never exceed its credits (an asset the customer holds). */
    public static final String DEBITS_MUST_NOT_EXCEED_CREDITS = "debits_must_not_exceed_credits";
    /** The account's credits may never exceed its debits. */
    public static final String CREDITS_MUST_NOT_EXCEED_DEBITS = "credits_must_not_exceed_debits";
    /** Keeps the balances after each transfer, readable with {@link Accounts#balances}. */
    public static final String HISTORY = "history";
    /** Only in answers: a closing transfer closed the account. */
    public static final String CLOSED = "closed";

    private AccountFlags() {}
}
