package dev.settle.processorsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One charge as the processor holds it. Immutable: every operation makes a new snapshot, which
 * is what the operations log records, so replaying the log is putting snapshots back.
 *
 * @param capturedAt epoch seconds of the capture, or null when nothing was captured
 */
record Charge(
        String id,
        ChargeStatus status,
        long amount,
        long amountCaptured,
        long amountRefunded,
        String currency,
        String declineCode,
        long fee,
        String reference,
        long created,
        Long capturedAt) {

    static Charge authorized(String id, long amount, String currency, String reference, long now) {
        return new Charge(id, ChargeStatus.AUTHORIZED, amount, 0, 0, currency, null, 0, reference, now, null);
    }

    /** A charge that was never approved (declined, or waiting for authentication). */
    static Charge unapproved(
            String id, ChargeStatus status, long amount, String currency, String declineCode, String reference, long now) {
        return new Charge(id, status, amount, 0, 0, currency, declineCode, 0, reference, now, null);
    }

    Charge captured(long captureAmount, long now) {
        long total = amountCaptured + captureAmount;
        return new Charge(id, ChargeStatus.CAPTURED, amount, total, amountRefunded, currency, declineCode,
                Fees.onCaptured(total), reference, created, now);
    }

    Charge voided() {
        return new Charge(id, ChargeStatus.VOIDED, amount, amountCaptured, amountRefunded, currency, declineCode,
                fee, reference, created, capturedAt);
    }

    Charge refunded(long refundAmount) {
        return new Charge(id, status, amount, amountCaptured, amountRefunded + refundAmount, currency, declineCode,
                fee, reference, created, capturedAt);
    }

    long refundable() {
        return amountCaptured - amountRefunded;
    }

    /** The charge object of the HTTP contract; also the form kept in the operations log. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("object", "charge");
        json.put("status", status.wire());
        json.put("amount", amount);
        json.put("amount_captured", amountCaptured);
        json.put("amount_refunded", amountRefunded);
        json.put("currency", currency);
        json.put("decline_code", declineCode);
        json.put("fee", fee);
        json.put("reference", reference);
        json.put("created", created);
        json.put("captured_at", capturedAt);
        return json;
    }

    static Charge fromJson(JsonNode json) {
        return new Charge(
                json.get("id").asText(),
                ChargeStatus.fromWire(json.get("status").asText()),
                json.get("amount").asLong(),
                json.get("amount_captured").asLong(),
                json.get("amount_refunded").asLong(),
                json.get("currency").asText(),
                textOrNull(json.get("decline_code")),
                json.get("fee").asLong(),
                textOrNull(json.get("reference")),
                json.get("created").asLong(),
                json.hasNonNull("captured_at") ? json.get("captured_at").asLong() : null);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
