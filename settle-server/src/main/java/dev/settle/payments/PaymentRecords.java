package dev.settle.payments;

import dev.settle.api.json.JsonReader;
import dev.settle.api.json.JsonWriter;
import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;
import dev.settle.store.Bytes;
import dev.settle.store.StoreLayout;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payments column family's keys (see {@link StoreLayout}) and its records, stored as JSON
 * objects with fixed field order: small, readable with {@code ldb}, and the same bytes from
 * whoever writes the same intent.
 */
public final class PaymentRecords {
    public static final PrefixedIds INTENT_IDS = new PrefixedIds("pi_");
    public static final PrefixedIds REFUND_IDS = new PrefixedIds("re_");
    static final byte INTENT = 'i';
    static final byte INTENT_VERSION = 'I';
    static final byte REFUND = 'r';
    static final byte REFUND_VERSION = 'R';
    static final byte STEP = 'p';
    static final byte EXPIRY = 'x';
    static final byte REQUEST_KEY = 'k';
    /** The value of a step or expiry key: it only has to exist (an empty value would delete it). */
    static final byte[] PRESENT = {1};
    private static final int KIND_AT = StoreLayout.LEDGER_BYTES;
    private static final int ID_AT = KIND_AT + 1;

    private PaymentRecords() {}

    public static byte[] intentKey(int ledger, UInt128 id) {
        return objectKey(ledger, INTENT, id, 0);
    }

    public static byte[] intentVersionKey(int ledger, UInt128 id, int version) {
        return objectKey(ledger, INTENT_VERSION, id, 4, version);
    }

    public static byte[] refundKey(int ledger, UInt128 id) {
        return objectKey(ledger, REFUND, id, 0);
    }

    public static byte[] refundVersionKey(int ledger, UInt128 id, int version) {
        return objectKey(ledger, REFUND_VERSION, id, 4, version);
    }

    /** A step at the processor that has not finished: {@code [ledger]'p'[kind][id]}, the intent's or the refund's id. */
    static byte[] stepKey(int ledger, ProcessorStep.Kind kind, UInt128 id) {
        byte[] key = new byte[ID_AT + 1 + StoreLayout.ID_BYTES];
        Bytes.putInt(key, 0, ledger);
        key[KIND_AT] = STEP;
        key[ID_AT] = (byte) kind.ordinal();
        Bytes.putLong(key, ID_AT + 1, id.high());
        Bytes.putLong(key, ID_AT + 9, id.low());
        return key;
    }

    static ProcessorStep.Kind stepKind(byte[] stepKey) {
        return ProcessorStep.Kind.values()[stepKey[ID_AT]];
    }

    static UInt128 stepId(byte[] stepKey) {
        return new UInt128(Bytes.getLong(stepKey, ID_AT + 1), Bytes.getLong(stepKey, ID_AT + 9));
    }

    /** An open authorization, to void if it is still open at the time its value holds. */
    static byte[] expiryKey(int ledger, UInt128 id) {
        return objectKey(ledger, EXPIRY, id, 0);
    }

    static byte[] expiryValue(long expiresAtMillis) {
        byte[] value = new byte[8];
        Bytes.putLong(value, 0, expiresAtMillis);
        return value;
    }

    static long expiresAt(byte[] expiryValue) {
        return Bytes.getLong(expiryValue, 0);
    }

    /**
     * The index of what a request made, by its idempotency key ({@code [ledger]'k'[key hash]}): a
     * retry of a request whose answer was not stored finds its intent or refund instead of making
     * another.
     */
    static byte[] requestKeyIndex(int ledger, byte[] storeKey) {
        byte[] key = new byte[ID_AT + storeKey.length];
        Bytes.putInt(key, 0, ledger);
        key[KIND_AT] = REQUEST_KEY;
        System.arraycopy(storeKey, 0, key, ID_AT, storeKey.length);
        return key;
    }

    /** {@code [ledger][kind]}: the first key of one kind of record of a ledger. */
    static byte[] prefix(int ledger, byte kind) {
        byte[] key = new byte[ID_AT];
        Bytes.putInt(key, 0, ledger);
        key[KIND_AT] = kind;
        return key;
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The id of an intent or refund key. */
    static UInt128 objectId(byte[] key) {
        return new UInt128(Bytes.getLong(key, ID_AT), Bytes.getLong(key, ID_AT + 8));
    }

    private static byte[] objectKey(int ledger, byte kind, UInt128 id, int suffixBytes, int... suffix) {
        byte[] key = new byte[ID_AT + StoreLayout.ID_BYTES + suffixBytes];
        Bytes.putInt(key, 0, ledger);
        key[KIND_AT] = kind;
        Bytes.putLong(key, ID_AT, id.high());
        Bytes.putLong(key, ID_AT + 8, id.low());
        if (suffixBytes > 0) {
            Bytes.putInt(key, ID_AT + StoreLayout.ID_BYTES, suffix[0]);
        }
        return key;
    }

    // ---- Intents ----

    public static byte[] encode(PaymentIntent p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", INTENT_IDS.format(p.id()));
        v.put("version", p.version());
        v.put("amount", p.amount());
        v.put("currency", p.currency());
        v.put("capture_method", p.captureMethod().name());
        v.put("payment_method", p.paymentMethod());
        v.put("status", p.status().name());
        v.put("amount_capturable", p.amountCapturable());
        v.put("amount_received", p.amountReceived());
        v.put("amount_refunded", p.amountRefunded());
        v.put("refunds_in_flight", p.refundsInFlight());
        v.put("authorization", p.authorization() == null ? null : p.authorization().toUuid().toString());
        v.put("fee_charged", p.feeCharged());
        v.put("latest_charge", p.latestCharge());
        v.put("description", p.description());
        v.put("metadata", new TreeMap<>(p.metadata()));
        v.put("customer", p.customer());
        v.put("created", p.createdSeconds());
        v.put("canceled_at", p.canceledAtSeconds());
        v.put("cancellation_reason", p.cancellationReason());
        v.put("last_payment_error", p.lastPaymentError() == null ? null : error(p.lastPaymentError()));
        v.put("step", p.step() == null ? null : step(p.step()));
        v.put("request_key", p.requestKey());
        return JsonWriter.write(v);
    }

    public static PaymentIntent decodeIntent(byte[] bytes) {
        Map<String, Object> v = JsonReader.parseObject(bytes);
        return new PaymentIntent(INTENT_IDS.parseOrNull(text(v, "id")), (int) number(v, "version"),
                number(v, "amount"), text(v, "currency"),
                PaymentIntent.CaptureMethod.valueOf(text(v, "capture_method")), text(v, "payment_method"),
                PaymentIntent.Status.valueOf(text(v, "status")), number(v, "amount_capturable"),
                number(v, "amount_received"), number(v, "amount_refunded"), number(v, "refunds_in_flight"),
                uuid(text(v, "authorization")), number(v, "fee_charged"), text(v, "latest_charge"),
                text(v, "description"), strings(v.get("metadata")), text(v, "customer"), number(v, "created"),
                number(v, "canceled_at"), text(v, "cancellation_reason"), error(map(v.get("last_payment_error"))),
                step(map(v.get("step"))), text(v, "request_key"));
    }

    // ---- Refunds ----

    public static byte[] encode(Refund r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", REFUND_IDS.format(r.id()));
        v.put("version", r.version());
        v.put("payment_intent", INTENT_IDS.format(r.paymentIntent()));
        v.put("amount", r.amount());
        v.put("currency", r.currency());
        v.put("reason", r.reason());
        v.put("status", r.status().name());
        v.put("failure_reason", r.failureReason());
        v.put("processor_refund", r.processorRefund());
        v.put("metadata", new TreeMap<>(r.metadata()));
        v.put("created", r.createdSeconds());
        v.put("request_key", r.requestKey());
        return JsonWriter.write(v);
    }

    public static Refund decodeRefund(byte[] bytes) {
        Map<String, Object> v = JsonReader.parseObject(bytes);
        return new Refund(REFUND_IDS.parseOrNull(text(v, "id")), (int) number(v, "version"),
                INTENT_IDS.parseOrNull(text(v, "payment_intent")), number(v, "amount"), text(v, "currency"),
                text(v, "reason"), Refund.Status.valueOf(text(v, "status")), text(v, "failure_reason"),
                text(v, "processor_refund"), strings(v.get("metadata")), number(v, "created"), text(v, "request_key"));
    }

    // ---- Parts ----

    private static Map<String, Object> error(PaymentError e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", e.type());
        v.put("code", e.code());
        v.put("decline_code", e.declineCode());
        v.put("message", e.message());
        v.put("payment_method", e.paymentMethod());
        return v;
    }

    private static PaymentError error(Map<String, Object> v) {
        return v == null ? null : new PaymentError(text(v, "type"), text(v, "code"), text(v, "decline_code"),
                text(v, "message"), text(v, "payment_method"));
    }

    private static Map<String, Object> step(ProcessorStep s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", s.kind().name());
        v.put("processor_key", s.processorKey());
        v.put("started_ms", s.startedMillis());
        v.put("amount", s.amount());
        v.put("refund", s.refund() == null ? null : REFUND_IDS.format(s.refund()));
        v.put("previous", s.previous() == null ? null : s.previous().name());
        return v;
    }

    private static ProcessorStep step(Map<String, Object> v) {
        if (v == null) {
            return null;
        }
        String previous = text(v, "previous");
        return new ProcessorStep(ProcessorStep.Kind.valueOf(text(v, "kind")), text(v, "processor_key"),
                number(v, "started_ms"), number(v, "amount"), REFUND_IDS.parseOrNull(text(v, "refund")),
                previous == null ? null : PaymentIntent.Status.valueOf(previous));
    }

    private static String text(Map<String, Object> v, String name) {
        return (String) v.get(name);
    }

    private static long number(Map<String, Object> v, String name) {
        return ((BigInteger) v.get(name)).longValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        map(value).forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    private static UInt128 uuid(String text) {
        return text == null ? null : UInt128.of(java.util.UUID.fromString(text));
    }
}
