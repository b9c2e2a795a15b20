package dev.settle.client;

import static dev.settle.client.JsonFields.amount;
import static dev.settle.client.JsonFields.instant;
import static dev.settle.client.JsonFields.intOrZero;
import static dev.settle.client.JsonFields.object;
import static dev.settle.client.JsonFields.stringList;
import static dev.settle.client.JsonFields.stringMap;
import static dev.settle.client.JsonFields.text;
import static dev.settle.client.JsonFields.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** Reads the answer objects of docs/api.md into records, field by field. */
final class Answers {
    private Answers() {}

    static Account account(JsonNode node) {
        object(node, "account");
        return new Account(
                uuid(node, "id"),
                text(node, "currency"),
                intOrZero(node, "code"),
                stringList(node, "flags"),
                amount(node, "debits_pending"),
                amount(node, "debits_posted"),
                amount(node, "credits_pending"),
                amount(node, "credits_posted"),
                stringMap(node, "metadata"),
                text(node, "timestamp"),
                instant(node, "created"));
    }

    static Transfer transfer(JsonNode node) {
        object(node, "transfer");
        return new Transfer(
                uuid(node, "id"),
                uuid(node, "debit_account_id"),
                uuid(node, "credit_account_id"),
                amount(node, "amount"),
                JsonFields.optionalUuid(node, "pending_id"),
                text(node, "currency"),
                intOrZero(node, "code"),
                stringList(node, "flags"),
                JsonFields.longOrZero(node, "timeout_seconds"),
                TransferStatus.fromWire(text(node, "status")),
                stringMap(node, "metadata"),
                text(node, "timestamp"),
                instant(node, "created"));
    }

    static BatchResult batchResult(JsonNode node) {
        object(node, "batch result");
        return new BatchResult(JsonFields.list(node, "results", Answers::batchItem));
    }

    static Transaction transaction(JsonNode node) {
        object(node, "transaction");
        return new Transaction(
                uuid(node, "id"),
                intOrZero(node, "code"),
                JsonFields.list(node, "entries", Answers::entry),
                stringMap(node, "metadata"),
                text(node, "timestamp"),
                instant(node, "created"));
    }

    static Balance balance(JsonNode node) {
        object(node, "balance");
        return new Balance(
                text(node, "timestamp"),
                instant(node, "created"),
                amount(node, "debits_pending"),
                amount(node, "debits_posted"),
                amount(node, "credits_pending"),
                amount(node, "credits_posted"));
    }

    /** A function reading a list answer whose items {@code item} reads. */
    static <T> Function<JsonNode, Page<T>> page(Function<JsonNode, T> item) {
        return node -> {
            object(node, "list");
            return new Page<>(JsonFields.list(node, "data", item), JsonFields.bool(node, "has_more"));
        };
    }

    private static BatchResult.Item batchItem(JsonNode node) {
        object(node, "batch result item");
        return new BatchResult.Item(JsonFields.integer(node, "index"), uuid(node, "id"), text(node, "result"));
    }

    private static TransactionEntry entry(JsonNode node) {
        object(node, "entry");
        return new TransactionEntry(
                uuid(node, "account_id"), Direction.fromWire(text(node, "direction")), amount(node, "amount"));
    }
}
