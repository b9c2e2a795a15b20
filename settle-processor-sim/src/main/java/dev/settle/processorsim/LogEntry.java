package dev.settle.processorsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of one line of {@code operations.jsonl}. An operation line holds the idempotency key,
 * the answer, and the full snapshots of what changed, so that replay only puts things back and
 * never re-runs a rule:
 *
 * <pre>{@code
 * {"op":"capture","key":"k1","status_code":200,"response":{...},"lost":false,"charge":{...}}
 * {"op":"refund","key":"k2","status_code":200,"response":{...},"lost":false,"charge":{...},"refund":{...}}
 * {"op":"fence","key":"k3"}
 * }</pre>
 */
final class LogEntry {
    static final String OP = "op";
    static final String KEY = "key";
    static final String STATUS_CODE = "status_code";
    static final String RESPONSE = "response";
    static final String LOST = "lost";
    static final String CHARGE = "charge";
    static final String REFUND = "refund";
    static final String FENCE_OP = "fence";

    private static final int STATUS_OK = 200;

    private LogEntry() {}

    static ObjectNode operation(String key, Effect effect) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put(OP, effect.operation());
        entry.put(KEY, key);
        entry.put(STATUS_CODE, STATUS_OK);
        entry.set(RESPONSE, effect.response());
        entry.put(LOST, effect.lost());
        entry.set(CHARGE, effect.charge().toJson());
        if (effect.refund() != null) {
            entry.set(REFUND, effect.refund().toJson());
        }
        return entry;
    }

    static ObjectNode fence(String key) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put(OP, FENCE_OP);
        entry.put(KEY, key);
        return entry;
    }

    static boolean isFence(JsonNode entry) {
        return FENCE_OP.equals(entry.path(OP).asText());
    }

    static String key(JsonNode entry) {
        JsonNode key = entry.get(KEY);
        if (key == null || !key.isTextual()) {
            throw new IllegalArgumentException("log entry without a key");
        }
        return key.textValue();
    }

    static RecordedAnswer answer(JsonNode entry, long sequence) {
        JsonNode response = entry.get(RESPONSE);
        if (!(response instanceof ObjectNode body)) {
            throw new IllegalArgumentException("log entry without a response");
        }
        return new RecordedAnswer(
                key(entry), entry.path(STATUS_CODE).asInt(STATUS_OK), body, entry.path(LOST).asBoolean(false), sequence);
    }
}
