package dev.settle.api.events;

import dev.settle.api.http.Views;
import dev.settle.events.Event;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferRecord;
import dev.settle.store.CorruptStoreException;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import dev.settle.store.TransferChunks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of an event: {@code {id, object: "event", type, created, api_version, data: {object}}}.
 * The object is shown as it was when the event happened: an account with its creation flags and
 * zero balances, a transfer with the status the event gave it. Objects are never deleted, so
 * every event finds its object. A key or a tenant (events {@code api_key.*}, {@code tenant.*})
 * is shown as it is now, and a payment intent or refund (events {@code payment_intent.*},
 * {@code charge.refunded}, {@code refund.*}) as the event left it, by {@link OutsideObjects}.
 */
public final class EventViews {
    private final LedgerStore store;
    private final OutsideObjects outsideObjects;

    /** The objects of events that the store's ledger records do not hold: keys, tenants, payments. */
    @FunctionalInterface
    public interface OutsideObjects {
        /** The key, tenant, payment intent or refund the event is about, or null when there is none. */
        Map<String, Object> of(Event event);
    }

    public EventViews(LedgerStore store, OutsideObjects outsideObjects) {
        this.store = store;
        this.outsideObjects = outsideObjects;
    }

    /** The event in the current shape; the caller downgrades it to {@code apiVersion} when it is older. */
    public Map<String, Object> event(Event e, String apiVersion) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("object", "event");
        v.put("type", e.type().typeName());
        v.put("created", Views.created(e.createdNanos()));
        v.put("api_version", apiVersion);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", object(e));
        v.put("data", data);
        return v;
    }

    private Map<String, Object> object(Event e) {
        Map<String, Object> object = switch (e.type()) {
            case ACCOUNT_CREATED -> {
                AccountRecord account = StoreReader.accountAtCreation(store, e.ledger(), e.objectId());
                yield account == null ? null : Views.account(account, account.metadata());
            }
            case TRANSACTION_CREATED -> {
                TransactionRecord t = StoreReader.transaction(store, e.ledger(), e.objectId());
                yield t == null ? null : Views.transaction(t.id(), t.code(), t.entries(), t.metadata(), t.timestamp());
            }
            case TRANSFER_CREATED, TRANSFER_PENDING, TRANSFER_POSTED, TRANSFER_VOIDED, TRANSFER_EXPIRED -> {
                TransferRecord t = TransferChunks.find(store, e.ledger(), e.objectTimestamp(), e.type().transferStatus());
                yield t == null ? null : Views.transfer(t, null);
            }
            case API_KEY_CREATED, API_KEY_ROLLED, API_KEY_REVOKED, TENANT_DEACTIVATED, TENANT_REACTIVATED,
                    PAYMENT_INTENT_CREATED, PAYMENT_INTENT_REQUIRES_ACTION,
                    PAYMENT_INTENT_AMOUNT_CAPTURABLE_UPDATED, PAYMENT_INTENT_SUCCEEDED, PAYMENT_INTENT_PAYMENT_FAILED,
                    PAYMENT_INTENT_CANCELED, CHARGE_REFUNDED, REFUND_CREATED, REFUND_UPDATED,
                    RECONCILIATION_EXCEPTION_CREATED, RECONCILIATION_RUN_COMPLETED -> outsideObjects.of(e);
        };
        if (object == null) {
            throw new CorruptStoreException("event " + e.id() + " names an object the store does not hold");
        }
        return object;
    }
}
