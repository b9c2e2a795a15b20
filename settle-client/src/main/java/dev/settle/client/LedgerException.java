package dev.settle.client;

/**
 * A ledger rule refused the request: 422 with the engine's result code in {@link #code()}
 * ({@code exceeds_credits}, {@code pending_transfer_already_posted}, …), or 409 when the id exists
 * with a different body ({@code exists_with_different_amount}, …). Sending it again will not help.
 */
public final class LedgerException extends SettleException {
    LedgerException(ErrorObject error) {
        super(error, null);
    }
}
