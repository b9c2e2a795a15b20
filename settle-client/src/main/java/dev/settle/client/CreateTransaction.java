package dev.settle.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request to create a balanced multi-leg transaction ({@code POST /v1/transactions}), applied
 * atomically. Debits must equal credits per currency; the server takes 2–128 entries.
 *
 * @param id the transaction's id, or null to let the server make a UUIDv7
 * @param code a number of the caller's choosing, 0–65535, or null
 * @param entries the legs, in order
 * @param metadata string keys and values, immutable once created; never null
 */
public record CreateTransaction(UUID id, Integer code, List<TransactionEntry> entries, Map<String, String> metadata) {
    public CreateTransaction {
        entries = List.copyOf(entries);
        metadata = RecordValues.map(metadata);
    }

    public static CreateTransaction of(TransactionEntry... entries) {
        return new CreateTransaction(null, null, List.of(entries), null);
    }

    public CreateTransaction withId(UUID newId) {
        return new CreateTransaction(newId, code, entries, metadata);
    }

    public CreateTransaction withCode(int newCode) {
        return new CreateTransaction(id, newCode, entries, metadata);
    }

    public CreateTransaction withMetadata(Map<String, String> newMetadata) {
        return new CreateTransaction(id, code, entries, newMetadata);
    }
}
