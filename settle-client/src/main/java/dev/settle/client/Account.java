package dev.settle.client;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An account with its balances, as answered by the server.
 *
 * @param flags wire names from {@link AccountFlags}, {@code closed} included
 * @param timestamp the ledger's unique nanosecond timestamp, as the decimal string it is sent as
 * @param created when the account was created
 */
public record Account(
        UUID id,
        String currency,
        int code,
        List<String> flags,
        BigInteger debitsPending,
        BigInteger debitsPosted,
        BigInteger creditsPending,
        BigInteger creditsPosted,
        Map<String, String> metadata,
        String timestamp,
        Instant created) {
    public Account {
        flags = RecordValues.list(flags);
        metadata = RecordValues.map(metadata);
    }
}
