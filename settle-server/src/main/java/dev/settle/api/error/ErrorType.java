package dev.settle.api.error;

/** The {@code type} of an error object: who is at fault, broadly. */
public enum ErrorType {
    INVALID_REQUEST("invalid_request_error"),
    AUTHENTICATION("authentication_error"),
    IDEMPOTENCY("idempotency_error"),
    RATE_LIMIT("rate_limit_error"),
    LEDGER("ledger_error"),
    /** The card processor declined the payment (HTTP 402, Stripe's type). */
    CARD("card_error"),
    API("api_error");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
