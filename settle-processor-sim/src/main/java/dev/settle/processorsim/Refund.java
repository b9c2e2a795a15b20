package dev.settle.processorsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Money given back on a captured charge. Refunds always succeed at once here; the settlement
 * report counts them on the day they were made.
 *
 * @param created epoch seconds
 */
record Refund(String id, String chargeId, long amount, String currency, long created) {
    private static final String STATUS = "succeeded";

    /** The refund object of the HTTP contract; also the form kept in the operations log. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("object", "refund");
        json.put("charge", chargeId);
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("status", STATUS);
        json.put("created", created);
        return json;
    }

    static Refund fromJson(JsonNode json) {
        return new Refund(
                json.get("id").asText(),
                json.get("charge").asText(),
                json.get("amount").asLong(),
                json.get("currency").asText(),
                json.get("created").asLong());
    }
}
