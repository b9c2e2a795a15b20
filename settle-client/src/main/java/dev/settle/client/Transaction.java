package dev.settle.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A transaction as answered by the server.
 *
 * @param timestamp the ledger's unique nanosecond timestamp, as the decimal string it is sent as
 */
public record Transaction(
        UUID id, int code, List<TransactionEntry> entries, Map<String, String> metadata, String timestamp,
        Instant created) {
    public Transaction {
        entries = List.copyOf(entries);
        metadata = RecordValues.map(metadata);
    }
}
