package dev.settle.api.json;

/**
 * The one text of an unsigned integer: decimal digits, no sign, no leading zero (except "0"
 * itself). {@code 00005}, {@code +5} and {@code -0} name a number, but not canonically: a value
 * with two spellings would let two requests for the same thing differ (and an idempotency
 * fingerprint or a cursor compare unequal), so the API refuses every spelling but one.
 */
public final class UnsignedDecimal {
    private UnsignedDecimal() {}

    /** True when {@code text} is the canonical decimal text of an unsigned integer. */
    public static boolean isCanonical(CharSequence text) {
        int length = text.length();
        if (length == 0 || (text.charAt(0) == '0' && length > 1)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
