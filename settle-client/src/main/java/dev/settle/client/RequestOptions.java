package dev.settle.client;

/**
 * Options of one POST.
 *
 * @param idempotencyKey 1..{@value #IDEMPOTENCY_KEY_CHARS_MAX} printable ASCII characters, or null
 *     to let the client make one (a random UUID) for the call. Give your own to make a call safe
 *     to repeat across processes, e.g. the id of the order it pays for.
 */
public record RequestOptions(String idempotencyKey) {
    /** The API's longest idempotency key. */
    public static final int IDEMPOTENCY_KEY_CHARS_MAX = 255;

    public RequestOptions {
        if (idempotencyKey != null && !isValidKey(idempotencyKey)) {
            throw new IllegalArgumentException("idempotency key must be 1.." + IDEMPOTENCY_KEY_CHARS_MAX
                    + " printable ASCII characters, got " + idempotencyKey.length() + " characters");
        }
    }

    public static RequestOptions none() {
        return new RequestOptions(null);
    }

    public static RequestOptions idempotencyKey(String key) {
        return new RequestOptions(key);
    }

    private static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_CHARS_MAX) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
