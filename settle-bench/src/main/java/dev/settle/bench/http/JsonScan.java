package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * Finds string fields in a compact JSON answer without parsing it: enough to read an account's
 * {@code "id"} and to count a batch's {@code "result":"ok"} items at the cost of one pass over
 * the bytes. It matches a quoted key followed by a colon, so it relies on the key not occurring
 * inside a string value, which holds for Settle's answers (ids are UUIDs, results are codes).
 */
final class JsonScan {
    private static final int NOT_FOUND = -1;

    private JsonScan() {}

    /** The quoted form of a key or value, as matched by the scans: {@code "id"} for {@code id}. */
    static byte[] quoted(String text) {
        return ('"' + text + '"').getBytes(StandardCharsets.US_ASCII);
    }

    /** The first string value of {@code quotedKey} in {@code json[0, length)}, or null when there is none. */
    static String firstString(byte[] json, int length, byte[] quotedKey) {
        int value = nextValue(json, length, quotedKey, 0);
        if (value == NOT_FOUND || value >= length || json[value] != '"') {
            return null;
        }
        for (int end = value + 1; end < length; end++) {
            if (json[end] == '"') {
                return new String(json, value + 1, end - value - 1, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** How many fields {@code quotedKey} have the value {@code quotedValue}. */
    static int countValues(byte[] json, int length, byte[] quotedKey, byte[] quotedValue) {
        int matches = 0;
        int value = nextValue(json, length, quotedKey, 0);
        while (value != NOT_FOUND) {
            if (regionEquals(json, length, value, quotedValue)) {
                matches++;
            }
            value = nextValue(json, length, quotedKey, value);
        }
        return matches;
    }

    /** The offset of the first {@code quotedKey} field whose value is not {@code quotedValue}, or -1. */
    static int firstOtherValue(byte[] json, int length, byte[] quotedKey, byte[] quotedValue) {
        int value = nextValue(json, length, quotedKey, 0);
        while (value != NOT_FOUND && regionEquals(json, length, value, quotedValue)) {
            value = nextValue(json, length, quotedKey, value);
        }
        return value;
    }

    /** The offset of the value of the next {@code quotedKey} field at or after {@code from}, or -1. */
    private static int nextValue(byte[] json, int length, byte[] quotedKey, int from) {
        int candidate = indexOf(json, length, quotedKey, from);
        while (candidate != NOT_FOUND) {
            int at = skipSpaces(json, length, candidate + quotedKey.length);
            if (at < length && json[at] == ':') {
                return skipSpaces(json, length, at + 1);
            }
            candidate = indexOf(json, length, quotedKey, candidate + 1);
        }
        return NOT_FOUND;
    }

    private static int indexOf(byte[] json, int length, byte[] wanted, int from) {
        byte first = wanted[0];
        for (int i = from; i <= length - wanted.length; i++) {
            if (json[i] == first && regionEquals(json, length, i, wanted)) {
                return i;
            }
        }
        return NOT_FOUND;
    }

    private static boolean regionEquals(byte[] json, int length, int offset, byte[] wanted) {
        if (offset + wanted.length > length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (json[offset + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(byte[] json, int length, int from) {
        int at = from;
        while (at < length && (json[at] == ' ' || json[at] == '\t' || json[at] == '\n' || json[at] == '\r')) {
            at++;
        }
        return at;
    }
}
