package dev.settle.processorsim;

/**
 * The body of {@code POST /v1/authorizations}. {@code capture} defaults to true, as Stripe's
 * automatic capture does; {@code authenticated} to false.
 */
record AuthorizationRequest(
        long amount, String currency, String card, boolean capture, String reference, boolean authenticated) {
    /** The longest caller reference kept. */
    static final int REFERENCE_MAX_LENGTH = 255;

    static AuthorizationRequest parse(byte[] body) throws ApiException {
        RequestJson json = RequestJson.parse(body);
        return new AuthorizationRequest(
                json.requiredAmount("amount"),
                json.requiredCurrency("currency"),
                json.requiredString("card"),
                json.optionalBoolean("capture", true),
                json.optionalString("reference", REFERENCE_MAX_LENGTH).orElse(null),
                json.optionalBoolean("authenticated", false));
    }
}
