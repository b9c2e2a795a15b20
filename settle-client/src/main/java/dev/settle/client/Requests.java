package dev.settle.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes request records as the bodies of docs/api.md. Absent (null or empty) fields are left
 * out. The bytes are deterministic (metadata in key order), so the same request made again, even
 * by another process, reuses its idempotency key without a spurious {@code idempotency_key_reused}.
 */
final class Requests {
    private Requests() {}

    static ObjectNode account(CreateAccount account) {
        ObjectNode body = Json.object();
        putId(body, "id", account.id());
        body.put("currency", account.currency());
        putInteger(body, "code", account.code());
        putFlags(body, account.flags());
        putMetadata(body, account.metadata());
        return body;
    }

    static ObjectNode transfer(CreateTransfer transfer) {
        ObjectNode body = Json.object();
        putId(body, "id", transfer.id());
        putId(body, "debit_account_id", transfer.debitAccountId());
        putId(body, "credit_account_id", transfer.creditAccountId());
        putAmount(body, "amount", transfer.amount());
        if (transfer.currency() != null) {
            body.put("currency", transfer.currency());
        }
        putInteger(body, "code", transfer.code());
        putFlags(body, transfer.flags());
        putId(body, "pending_id", transfer.pendingId());
        if (transfer.timeoutSeconds() != null) {
            body.put("timeout_seconds", transfer.timeoutSeconds().longValue());
        }
        putMetadata(body, transfer.metadata());
        return body;
    }

    static ObjectNode batch(List<CreateTransfer> transfers) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("transfers");
        for (CreateTransfer transfer : transfers) {
            items.add(transfer(transfer));
        }
        return body;
    }

    static ObjectNode transaction(CreateTransaction transaction) {
        ObjectNode body = Json.object();
        putId(body, "id", transaction.id());
        putInteger(body, "code", transaction.code());
        ArrayNode entries = body.putArray("entries");
        for (TransactionEntry entry : transaction.entries()) {
            ObjectNode item = entries.addObject();
            putId(item, "account_id", entry.accountId());
            item.put("direction", entry.direction().wireName());
            putAmount(item, "amount", entry.amount());
        }
        putMetadata(body, transaction.metadata());
        return body;
    }

    private static void putId(ObjectNode body, String field, UUID id) {
        if (id != null) {
            body.put(field, id.toString());
        }
    }

    private static void putInteger(ObjectNode body, String field, Integer value) {
        if (value != null) {
            body.put(field, value.intValue());
        }
    }

    private static void putAmount(ObjectNode body, String field, BigInteger amount) {
        if (amount != null) {
            body.set(field, Amounts.toJson(amount));
        }
    }

    private static void putFlags(ObjectNode body, List<String> flags) {
        if (!flags.isEmpty()) {
            ArrayNode array = body.putArray("flags");
            flags.forEach(array::add);
        }
    }

    private static void putMetadata(ObjectNode body, Map<String, String> metadata) {
        if (!metadata.isEmpty()) {
            ObjectNode object = body.putObject("metadata");
            new TreeMap<>(metadata).forEach(object::put);
        }
    }
}
