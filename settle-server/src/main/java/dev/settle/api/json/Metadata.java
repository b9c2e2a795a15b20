package dev.settle.api.json;

import dev.settle.api.error.ApiException;
import dev.settle.ledger.LedgerLimits;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metadata: a flat object of string values (Stripe's limits), stored as canonical JSON bytes
 * (keys sorted), so equal metadata always has equal bytes, which the ledger compares for
 * idempotency.
 */
public final class Metadata {
    public static final int KEYS_MAX = 50;
    public static final int KEY_CHARS_MAX = 40;
    public static final int VALUE_CHARS_MAX = 500;

    private Metadata() {}

    /** The canonical bytes of a metadata value; null for an empty object. */
    public static byte[] canonical(Object value, String param) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.badValue(param, "must be an object of string values");
        }
        if (map.size() > KEYS_MAX) {
            throw ApiException.badValue(param, "must have at most " + KEYS_MAX + " keys");
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            if (key.isEmpty() || key.length() > KEY_CHARS_MAX) {
                throw ApiException.badValue(param, "keys must be 1 to " + KEY_CHARS_MAX + " characters");
            }
            if (!(e.getValue() instanceof String s)) {
                throw ApiException.badValue(param + "." + key, "must be a string");
            }
            if (s.length() > VALUE_CHARS_MAX) {
                throw ApiException.badValue(param + "." + key, "must be at most " + VALUE_CHARS_MAX + " characters");
            }
            sorted.put(key, s);
        }
        if (sorted.isEmpty()) {
            return null;
        }
        byte[] bytes = JsonWriter.write(sorted);
        if (bytes.length > LedgerLimits.METADATA_BYTES_MAX) {
            throw ApiException.badValue(param, "must be at most " + LedgerLimits.METADATA_BYTES_MAX + " bytes as JSON");
        }
        return bytes;
    }

    /** The metadata object of stored bytes ({} for none). */
    public static Map<String, Object> render(byte[] stored) {
        return stored == null || stored.length == 0 ? Map.of() : JsonReader.parseObject(stored);
    }
}
