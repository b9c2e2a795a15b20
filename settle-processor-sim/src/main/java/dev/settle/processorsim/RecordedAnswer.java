package dev.settle.processorsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer given to the first request under an idempotency key, kept so that every retry with
 * that key gets it again, verbatim, and so that {@code GET /v1/operations/{key}} can reveal it
 * when the answer never reached the caller.
 *
 * @param lost whether every delivery of this answer is dropped (the answer-lost test card)
 * @param sequence the log entry that made it durable; 0 for entries replayed at start
 */
record RecordedAnswer(String key, int statusCode, ObjectNode response, boolean lost, long sequence) {

    /** The operation object: {@code {"key","status_code","response"}}. */
    ObjectNode toOperationJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("key", key);
        json.put("status_code", statusCode);
        json.set("response", response);
        return json;
    }
}
