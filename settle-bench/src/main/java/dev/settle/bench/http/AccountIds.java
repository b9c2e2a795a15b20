package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * The ids of the accounts the server made, as ASCII bytes in one flat array, ready to be copied
 * into requests. Each account's slot is written once during setup (by one thread per slot) and
 * only read afterwards.
 */
final class AccountIds {
    /** A transfer moves money between two different accounts. */
    static final int MIN = 2;

    private final byte[] ids;
    private final int count;

    AccountIds(int count) {
        if (count < MIN) {
            throw new IllegalArgumentException("transfers need " + MIN + " accounts at least, got " + count);
        }
        this.count = count;
        this.ids = new byte[Math.multiplyExact(count, Uuids.TEXT_BYTES)];
    }

    int count() {
        return count;
    }

    /**
     * Stores account {@code account}'s id. It must look like a UUID: it is copied into JSON
     * strings without escaping, and every id must fill the same fixed-size slot of a request.
     */
    void set(int account, String id) {
        if (id.length() != Uuids.TEXT_BYTES) {
            throw new IllegalStateException("the server answered account id \"" + id + "\", not a UUID");
        }
        for (int i = 0; i < Uuids.TEXT_BYTES; i++) {
            char c = id.charAt(i);
            if (Character.digit(c, 16) < 0 && c != '-') {
                throw new IllegalStateException("the server answered account id \"" + id + "\", not a UUID");
            }
        }
        byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, ids, account * Uuids.TEXT_BYTES, Uuids.TEXT_BYTES);
    }

    /** Copies account {@code account}'s {@value Uuids#TEXT_BYTES} id bytes to {@code out} at {@code offset}. */
    void copyTo(int account, byte[] out, int offset) {
        System.arraycopy(ids, account * Uuids.TEXT_BYTES, out, offset, Uuids.TEXT_BYTES);
    }

    String get(int account) {
        return new String(ids, account * Uuids.TEXT_BYTES, Uuids.TEXT_BYTES, StandardCharsets.US_ASCII);
    }
}
