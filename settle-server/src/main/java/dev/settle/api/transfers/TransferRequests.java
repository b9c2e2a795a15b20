package dev.settle.api.transfers;

import dev.settle.api.error.ApiException;
import dev.settle.api.json.Params;
import dev.settle.api.version.ApiVersions;
import dev.settle.common.Ids;
import dev.settle.ledger.Currency;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import java.util.List;

/** Reads one transfer of a request (single or batch item) into the engine's form. */
final class TransferRequests {
    private static final String[] FIELDS = {"id", "debit_account_id", "credit_account_id", "amount", "pending_id",
        "currency", "code", "flags", "timeout_seconds", "metadata"};
    private TransferRequests() {}

    /** Where a transfer request stands: alone, or as an item of a batch (which may be linked). */
    enum Placement { SINGLE, BATCH_ITEM }

    static NewTransfer read(Params p, String apiVersion, Placement placement, long nowMillis) {
        ApiVersions.upgradeTransferRequest(apiVersion, p.fields(), p.path());
        p.allowOnly(FIELDS);
        UInt128 id = p.uuid("id");
        int flags = flags(p, placement == Placement.BATCH_ITEM);
        boolean resolving = (flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0;
        UInt128 pendingId = resolving ? p.requireUuid("pending_id") : p.uuid("pending_id");
        UInt128 debit = resolving ? p.uuid("debit_account_id") : p.requireUuid("debit_account_id");
        UInt128 credit = resolving ? p.uuid("credit_account_id") : p.requireUuid("credit_account_id");
        UInt128 amount = resolving ? p.amount("amount") : p.requireAmount("amount");
        if (amount == null) {
            // Absent on a post or void: all of the pending amount.
            amount = (flags & TransferFlags.POST_PENDING_TRANSFER) != 0 ? UInt128.MAX : UInt128.ZERO;
        }
        String currency = p.string("currency");
        if (currency != null && !Currency.isValid(currency)) {
            throw ApiException.badValue(p.param("currency"), "must be 1 to 12 characters of A-Z and 0-9");
        }
        int code = (int) p.integer("code", 0, LedgerLimits.CODE_MAX, 0);
        long timeout = p.integer("timeout_seconds", 0, LedgerLimits.TIMEOUT_SECONDS_MAX, 0);
        byte[] metadata = p.metadata("metadata");
        p.finish();
        return NewTransfer.builder(id != null ? id : Ids.newV7(nowMillis)).debit(orZero(debit)).credit(orZero(credit))
                .amount(amount).pendingId(orZero(pendingId)).timeoutSeconds(timeout)
                .ledger(currency == null ? 0 : Currency.toLedger(currency)).code(code).flags(flags).metadata(metadata)
                .build();
    }

    /** {@code allowLinked}: whether {@code linked} may be set (batches only). */
    private static int flags(Params p, boolean allowLinked) {
        List<String> names = p.strings("flags");
        int flags = 0;
        for (int i = 0; i < names.size(); i++) {
            int bit = TransferFlags.fromName(names.get(i));
            if (bit == 0 || (bit == TransferFlags.LINKED && !allowLinked)) {
                throw ApiException.badValue(p.param("flags") + "[" + i + "]", allowLinked
                        ? "is not a transfer flag"
                        : "is not a flag of a single transfer (linked is for batches)");
            }
            flags |= bit;
        }
        return flags;
    }

    private static UInt128 orZero(UInt128 id) {
        return id == null ? UInt128.ZERO : id;
    }
}
