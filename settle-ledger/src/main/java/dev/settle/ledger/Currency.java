package dev.settle.ledger;

/**
 * Maps a currency code ("USD", "EUR", "POINTS2") to the engine's 64-bit {@code ledger} number
 * and back.
 *
 * <p>A code is 1 to 12 characters from A–Z and 0–9. It is read as a base-37 number of exactly
 * twelve digits, padded on the right with the digit 0 (which no character uses): 37^12 - 1 is
 * below 2^63, so every code maps to a distinct positive {@code long}, and the order of the
 * numbers is the alphabetical order of the codes. Zero is never a code: the engine rejects
 * ledger 0.
 */
public final class Currency {
    public static final int CODE_LENGTH_MAX = 12;
    private static final int BASE = 37;

    static {
        // 37^12 - 1 must fit in a positive long.
        long max = 1;
        for (int i = 0; i < CODE_LENGTH_MAX; i++) {
            max = Math.multiplyExact(max, BASE);
        }
        Invariants.check(max - 1 > 0, "currency codes fit in 63 bits");
    }

    private Currency() {}

    /** True when {@code code} is 1–12 characters of A–Z and 0–9. */
    public static boolean isValid(String code) {
        if (code == null || code.isEmpty() || code.length() > CODE_LENGTH_MAX) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (digit(code.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The ledger number of a valid code; throws IllegalArgumentException otherwise. */
    public static long toLedger(String code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("currency must be 1-12 characters of A-Z and 0-9");
        }
        long value = 0;
        for (int i = 0; i < CODE_LENGTH_MAX; i++) {
            value = value * BASE + (i < code.length() ? digit(code.charAt(i)) : 0);
        }
        return value;
    }

    /** The code of a ledger number made by {@link #toLedger}; throws for any other number. */
    public static String fromLedger(long ledger) {
        if (ledger <= 0) {
            throw new IllegalArgumentException("not a currency ledger number: " + ledger);
        }
        char[] chars = new char[CODE_LENGTH_MAX];
        long rest = ledger;
        for (int i = CODE_LENGTH_MAX - 1; i >= 0; i--) {
            chars[i] = character((int) (rest % BASE));
            rest /= BASE;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("not a currency ledger number: " + ledger);
        }
        int length = 0;
        while (length < CODE_LENGTH_MAX && chars[length] != 0) {
            length++;
        }
        for (int i = length; i < CODE_LENGTH_MAX; i++) {
            if (chars[i] != 0) {
                throw new IllegalArgumentException("not a currency ledger number: " + ledger);
            }
        }
        return new String(chars, 0, length);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return 1 + (c - '0');
        }
        if (c >= 'A' && c <= 'Z') {
            return 11 + (c - 'A');
        }
        return -1;
    }

    private static char character(int digit) {
        if (digit == 0) {
            return 0;
        }
        return digit <= 10 ? (char) ('0' + digit - 1) : (char) ('A' + digit - 11);
    }
}
