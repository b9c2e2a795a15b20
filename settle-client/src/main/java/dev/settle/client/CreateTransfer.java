package dev.settle.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to create a transfer ({@code POST /v1/transfers}, or one item of a batch). Start with
 * a factory: {@link #of} (posted at once), {@link #pending}, {@link #postPending} or
 * {@link #voidPending}; null components are left out of the request.
 *
 * @param id the transfer's id, or null to let the server make a UUIDv7
 * @param debitAccountId required, except to post or void (taken from the pending transfer)
 * @param creditAccountId required, except to post or void
 * @param amount in the currency's minor unit, 0..2^128 − 1; null to post or void all of a pending
 * @param currency null means the accounts' currency; given, it must match them
 * @param code a number of the caller's choosing, 0–65535, or null
 * @param flags wire names from {@link TransferFlags}; never null
 * @param pendingId the pending transfer to post or void, or null
 * @param timeoutSeconds for pending transfers: seconds until it expires, 0 = never; or null
 * @param metadata string keys and values, immutable once created; never null
 */
public record CreateTransfer(
        UUID id,
        UUID debitAccountId,
        UUID creditAccountId,
        BigInteger amount,
        String currency,
        Integer code,
        List<String> flags,
        UUID pendingId,
        Long timeoutSeconds,
        Map<String, String> metadata) {
    public CreateTransfer {
        Amounts.requireValid(amount, "amount");
        flags = RecordValues.list(flags);
        metadata = RecordValues.map(metadata);
    }

    /** Moves {@code amount} from the debit account to the credit account, posted at once. */
    public static CreateTransfer of(UUID debitAccountId, UUID creditAccountId, BigInteger amount) {
        return new CreateTransfer(null, debitAccountId, creditAccountId, amount, null, null, null, null, null, null);
    }

    public static CreateTransfer of(UUID debitAccountId, UUID creditAccountId, long amount) {
        return of(debitAccountId, creditAccountId, BigInteger.valueOf(amount));
    }

    /** Reserves {@code amount} until posted or voided; it expires after the timeout (0 = never). */
    public static CreateTransfer pending(
            UUID debitAccountId, UUID creditAccountId, BigInteger amount, long timeoutSeconds) {
        return new CreateTransfer(null, debitAccountId, creditAccountId, amount, null, null,
                List.of(TransferFlags.PENDING), null, timeoutSeconds, null);
    }

    public static CreateTransfer pending(
            UUID debitAccountId, UUID creditAccountId, long amount, long timeoutSeconds) {
        return pending(debitAccountId, creditAccountId, BigInteger.valueOf(amount), timeoutSeconds);
    }

    /** Posts all of a pending transfer. */
    public static CreateTransfer postPending(UUID pendingId) {
        return resolvePending(pendingId, TransferFlags.POST_PENDING_TRANSFER, null);
    }

    /** Posts part of a pending transfer; the rest of the reservation is released. */
    public static CreateTransfer postPending(UUID pendingId, BigInteger amount) {
        return resolvePending(pendingId, TransferFlags.POST_PENDING_TRANSFER, amount);
    }

    /** Voids a pending transfer, releasing all of its reservation. */
    public static CreateTransfer voidPending(UUID pendingId) {
        return resolvePending(pendingId, TransferFlags.VOID_PENDING_TRANSFER, null);
    }

    private static CreateTransfer resolvePending(UUID pendingId, String flag, BigInteger amount) {
        Objects.requireNonNull(pendingId, "pendingId");
        return new CreateTransfer(null, null, null, amount, null, null, List.of(flag), pendingId, null, null);
    }

    public CreateTransfer withId(UUID newId) {
        return new CreateTransfer(newId, debitAccountId, creditAccountId, amount, currency, code, flags,
                pendingId, timeoutSeconds, metadata);
    }

    public CreateTransfer withCurrency(String newCurrency) {
        return new CreateTransfer(id, debitAccountId, creditAccountId, amount, newCurrency, code, flags,
                pendingId, timeoutSeconds, metadata);
    }

    public CreateTransfer withCode(int newCode) {
        return new CreateTransfer(id, debitAccountId, creditAccountId, amount, currency, newCode, flags,
                pendingId, timeoutSeconds, metadata);
    }

    /** Adds a flag, e.g. {@link TransferFlags#LINKED} to chain this batch item to the next. */
    public CreateTransfer withFlag(String flag) {
        return new CreateTransfer(id, debitAccountId, creditAccountId, amount, currency, code,
                RecordValues.withAdded(flags, flag), pendingId, timeoutSeconds, metadata);
    }

    public CreateTransfer withMetadata(Map<String, String> newMetadata) {
        return new CreateTransfer(id, debitAccountId, creditAccountId, amount, currency, code, flags,
                pendingId, timeoutSeconds, newMetadata);
    }
}
