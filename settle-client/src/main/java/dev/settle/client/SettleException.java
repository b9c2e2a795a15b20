package dev.settle.client;

/**
 * A call the server refused, or could not be reached for. The subclass says what to do about it:
 *
 * <ul>
 *   <li>{@link InvalidRequestException}: fix the request (400, 404, 405, 413, 415);
 *   <li>{@link AuthenticationException}: fix the key (401);
 *   <li>{@link LedgerException}: a ledger rule refused it; {@link #code()} says which;
 *   <li>{@link IdempotencyException}: the key was reused for another request, or is still busy;
 *   <li>{@link RateLimitException}: too many requests, even after the retries (429);
 *   <li>{@link ApiException}: the server failed (5xx) or answered something unreadable;
 *   <li>{@link ConnectionException}: no answer at all, even after the retries.
 * </ul>
 *
 * <p>The accessors give the error object of docs/api.md; those the answer did not carry are null.
 */
public abstract sealed class SettleException extends RuntimeException
        permits InvalidRequestException, AuthenticationException, LedgerException, IdempotencyException,
                RateLimitException, ApiException, ConnectionException {
    private final ErrorObject error;

    SettleException(ErrorObject error, Throwable cause) {
        super(error.describe(), cause);
        this.error = error;
    }

    /** The exception an error answer means: by its {@code type}, else by its status. */
    static SettleException of(ErrorObject error) {
        int status = error.status();
        if (status >= 500 || status < 400) {
            return new ApiException(error, null);
        }
        String type = error.type() == null ? "" : error.type();
        return switch (type) {
            case ErrorObject.TYPE_LEDGER -> new LedgerException(error);
            case ErrorObject.TYPE_IDEMPOTENCY -> new IdempotencyException(error);
            case ErrorObject.TYPE_AUTHENTICATION -> new AuthenticationException(error);
            case ErrorObject.TYPE_RATE_LIMIT -> new RateLimitException(error);
            default -> switch (status) {
                case 401 -> new AuthenticationException(error);
                case 429 -> new RateLimitException(error);
                default -> new InvalidRequestException(error);
            };
        };
    }

    /** The HTTP status of the answer, or 0 when there was none. */
    public int status() {
        return error.status();
    }

    /** Who is at fault, broadly: {@code invalid_request_error}, {@code ledger_error}, … */
    public String type() {
        return error.type();
    }

    /** Which rule: {@code parameter_missing}, {@code exceeds_credits}, {@code idempotency_key_reused}, … */
    public String code() {
        return error.code();
    }

    /** The offending parameter, e.g. {@code transfers[3].amount}. */
    public String param() {
        return error.param();
    }

    /** The server's id of the request, to quote when asking its operators. */
    public String requestId() {
        return error.requestId();
    }
}
