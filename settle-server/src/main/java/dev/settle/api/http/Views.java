package dev.settle.api.http;

import dev.settle.api.json.Amounts;
import dev.settle.common.Ids;
import dev.settle.api.json.Metadata;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Currency;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API's objects, in the current version (docs/api.md). */
public final class Views {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Views() {}

    public static Map<String, Object> account(AccountRecord a, byte[] metadata) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "account");
        v.put("id", Ids.format(a.id()));
        v.put("currency", Currency.fromLedger(a.ledger()));
        v.put("code", a.code());
        v.put("flags", AccountFlags.names(a.flags() & ~AccountFlags.LINKED));
        v.put("debits_pending", Amounts.render(a.debitsPending()));
        v.put("debits_posted", Amounts.render(a.debitsPosted()));
        v.put("credits_pending", Amounts.render(a.creditsPending()));
        v.put("credits_posted", Amounts.render(a.creditsPosted()));
        v.put("metadata", Metadata.render(metadata));
        timestamps(v, a.timestamp());
        return v;
    }

    public static Map<String, Object> transfer(TransferRecord t, byte[] metadata) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "transfer");
        v.put("id", Ids.format(t.id()));
        v.put("debit_account_id", Ids.format(t.debitAccountId()));
        v.put("credit_account_id", Ids.format(t.creditAccountId()));
        v.put("amount", Amounts.render(t.amount()));
        v.put("pending_id", t.pendingId().isZero() ? null : Ids.format(t.pendingId()));
        v.put("currency", Currency.fromLedger(t.ledger()));
        v.put("code", t.code());
        v.put("flags", TransferFlags.names(t.flags() & ~TransferFlags.LINKED));
        v.put("timeout_seconds", t.timeoutSeconds());
        v.put("status", t.status().name().toLowerCase(Locale.ROOT));
        v.put("metadata", Metadata.render(metadata != null ? metadata : t.metadata()));
        timestamps(v, t.timestamp());
        return v;
    }

    public static Map<String, Object> transaction(UInt128 id, int code, List<TransactionEntry> entries,
            byte[] metadata, long timestampNanos) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "transaction");
        v.put("id", Ids.format(id));
        v.put("code", code);
        List<Object> entryViews = new ArrayList<>(entries.size());
        for (TransactionEntry e : entries) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("account_id", Ids.format(e.accountId()));
            entry.put("direction", e.direction().name().toLowerCase(Locale.ROOT));
            entry.put("amount", Amounts.render(e.amount()));
            entryViews.add(entry);
        }
        v.put("entries", entryViews);
        v.put("metadata", Metadata.render(metadata));
        timestamps(v, timestampNanos);
        return v;
    }

    /** {@code {"object": "list", "data": [...], "has_more": …}} */
    public static Map<String, Object> list(List<?> data, boolean hasMore) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "list");
        v.put("data", new ArrayList<>(data));
        v.put("has_more", hasMore);
        return v;
    }

    /** The ledger's unique nanosecond timestamp (as a string: it exceeds 2^53) and its RFC 3339 form. */
    public static void timestamps(Map<String, Object> v, long timestampNanos) {
        v.put("timestamp", Long.toUnsignedString(timestampNanos));
        v.put("created", created(timestampNanos));
    }

    public static String created(long timestampNanos) {
        return Instant.ofEpochSecond(timestampNanos / NANOS_PER_SECOND, timestampNanos % NANOS_PER_SECOND).toString();
    }
}
