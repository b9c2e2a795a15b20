package dev.settle.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to create an account ({@code POST /v1/accounts}). Start with {@link #of(String)}.
 *
 * @param id the account's id, or null to let the server make a UUIDv7
 * @param currency 1–12 characters of A–Z and 0–9, e.g. {@code USD}; required
 * @param code a number of the caller's chart of accounts, 0–65535, or null
 * @param flags wire names from {@link AccountFlags}; never null
 * @param metadata string keys and values, immutable once created; never null
 */
public record CreateAccount(UUID id, String currency, Integer code, List<String> flags, Map<String, String> metadata) {
    public CreateAccount {
        Objects.requireNonNull(currency, "currency");
        flags = RecordValues.list(flags);
        metadata = RecordValues.map(metadata);
    }

    public static CreateAccount of(String currency) {
        return new CreateAccount(null, currency, null, null, null);
    }

    public CreateAccount withId(UUID newId) {
        return new CreateAccount(newId, currency, code, flags, metadata);
    }

    public CreateAccount withCode(int newCode) {
        return new CreateAccount(id, currency, newCode, flags, metadata);
    }

    /** Adds a flag such as {@link AccountFlags#HISTORY}. */
    public CreateAccount withFlag(String flag) {
        return new CreateAccount(id, currency, code, RecordValues.withAdded(flags, flag), metadata);
    }

    public CreateAccount withMetadata(Map<String, String> newMetadata) {
        return new CreateAccount(id, currency, code, flags, newMetadata);
    }
}
