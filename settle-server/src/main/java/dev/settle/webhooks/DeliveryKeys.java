package dev.settle.webhooks;

import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;
import java.util.Arrays;

/**
 * Keys of the delivery tables.
 *
 * <pre>
 * webhook_deliveries  [ledger:4][endpoint id:16][sequence:8]                 the delivery
 * webhook_queue       [0][ledger:4][endpoint id:16][due ms:8][sequence:8]    due deliveries, earliest first
 *                     [1][ledger:4][endpoint id:16][sequence:8]              dead letters
 * </pre>
 */
final class DeliveryKeys {
    static final int DUE = 0;
    static final int DEAD = 1;
    static final int ENDPOINT_PREFIX_BYTES = 20;
    static final int DELIVERY_KEY_BYTES = ENDPOINT_PREFIX_BYTES + 8;
    static final int DUE_KEY_BYTES = 1 + ENDPOINT_PREFIX_BYTES + 16;
    static final int DEAD_KEY_BYTES = 1 + ENDPOINT_PREFIX_BYTES + 8;

    private DeliveryKeys() {}

    static byte[] delivery(int ledger, UInt128 endpoint, long sequence) {
        byte[] key = new byte[DELIVERY_KEY_BYTES];
        endpointPrefix(key, 0, ledger, endpoint);
        Bytes.putLong(key, ENDPOINT_PREFIX_BYTES, sequence);
        return key;
    }

    static byte[] due(int ledger, UInt128 endpoint, long dueMillis, long sequence) {
        byte[] key = new byte[DUE_KEY_BYTES];
        key[0] = DUE;
        endpointPrefix(key, 1, ledger, endpoint);
        Bytes.putLong(key, 1 + ENDPOINT_PREFIX_BYTES, dueMillis);
        Bytes.putLong(key, 1 + ENDPOINT_PREFIX_BYTES + 8, sequence);
        return key;
    }

    static byte[] dead(int ledger, UInt128 endpoint, long sequence) {
        byte[] key = new byte[DEAD_KEY_BYTES];
        key[0] = DEAD;
        endpointPrefix(key, 1, ledger, endpoint);
        Bytes.putLong(key, 1 + ENDPOINT_PREFIX_BYTES, sequence);
        return key;
    }

    /** {@code [kind][ledger][endpoint]}: the prefix of an endpoint's queue keys of one kind. */
    static byte[] queuePrefix(int kind, int ledger, UInt128 endpoint) {
        byte[] key = new byte[1 + ENDPOINT_PREFIX_BYTES];
        key[0] = (byte) kind;
        endpointPrefix(key, 1, ledger, endpoint);
        return key;
    }

    /** {@code [ledger][endpoint]}: the prefix of an endpoint's deliveries. */
    static byte[] deliveryPrefix(int ledger, UInt128 endpoint) {
        byte[] key = new byte[ENDPOINT_PREFIX_BYTES];
        endpointPrefix(key, 0, ledger, endpoint);
        return key;
    }

    /** A key above every key that starts with {@code prefix} (for range deletes and reverse seeks). */
    static byte[] after(byte[] prefix) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + 17);
        Arrays.fill(key, prefix.length, key.length, (byte) 0xff);
        return key;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static long dueMillisOf(byte[] dueKey) {
        return Bytes.getLong(dueKey, 1 + ENDPOINT_PREFIX_BYTES);
    }

    static long sequenceOfDue(byte[] dueKey) {
        return Bytes.getLong(dueKey, 1 + ENDPOINT_PREFIX_BYTES + 8);
    }

    static long sequenceOfDead(byte[] deadKey) {
        return Bytes.getLong(deadKey, 1 + ENDPOINT_PREFIX_BYTES);
    }

    private static void endpointPrefix(byte[] key, int at, int ledger, UInt128 endpoint) {
        Bytes.putInt(key, at, ledger);
        Bytes.putLong(key, at + 4, endpoint.high());
        Bytes.putLong(key, at + 12, endpoint.low());
    }
}
