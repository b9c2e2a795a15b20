package dev.settle.client;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A transfer with its current status, as answered by the server.
 *
 * @param pendingId for a post or void: the pending transfer it resolves; otherwise null
 * @param timeoutSeconds for a pending transfer: seconds until it expires (0 = never); otherwise 0
 * @param timestamp the ledger's unique nanosecond timestamp, as the decimal string it is sent as
 */
public record Transfer(
        UUID id,
        UUID debitAccountId,
        UUID creditAccountId,
        BigInteger amount,
        UUID pendingId,
        String currency,
        int code,
        List<String> flags,
        long timeoutSeconds,
        TransferStatus status,
        Map<String, String> metadata,
        String timestamp,
        Instant created) {
    public Transfer {
        flags = RecordValues.list(flags);
        metadata = RecordValues.map(metadata);
    }
}
