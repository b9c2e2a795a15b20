package dev.settle.processorsim;

import java.util.OptionalLong;

/**
 * The body of a capture or a refund: an optional amount, which defaults to all that is left
 * (the rest of the authorization, or what has not been refunded yet).
 */
record AmountRequest(OptionalLong amount) {
    static AmountRequest parse(byte[] body) throws ApiException {
        return new AmountRequest(RequestJson.parse(body).optionalAmount("amount"));
    }

    long amountOr(long remaining) {
        return amount.orElse(remaining);
    }
}
