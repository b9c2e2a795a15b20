package dev.settle.events;

import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferStatus;
import java.util.Arrays;
import java.util.List;

/**
 * What an event says happened. Each state change writes exactly one event: a created account,
 * a new transfer (typed by what it does), a pending transfer that expired, a transaction. The
 * code is the stored byte; never reuse one.
 */
public enum EventType {
    ACCOUNT_CREATED(1, "account.created", null),
    /** A transfer that moved posted money directly (neither pending nor a resolution). */
    TRANSFER_CREATED(2, "transfer.created", TransferStatus.POSTED),
    /** A pending transfer was created: it reserves the amount. */
    TRANSFER_PENDING(3, "transfer.pending", TransferStatus.PENDING),
    /** A transfer posted a pending transfer (fully or partly); its {@code pending_id} names it. */
    TRANSFER_POSTED(4, "transfer.posted", TransferStatus.POSTED),
    /** A transfer voided a pending transfer; its {@code pending_id} names it. */
    TRANSFER_VOIDED(5, "transfer.voided", TransferStatus.VOIDED),
    /** A pending transfer passed its timeout and released its reservation; the object is the pending transfer. */
    TRANSFER_EXPIRED(6, "transfer.expired", TransferStatus.EXPIRED),
    TRANSACTION_CREATED(7, "transaction.created", null),
    /** A key was added to the tenant (by the admin API, or as a rolled key's successor); the object is the key. */
    API_KEY_CREATED(8, "api_key.created", null),
    /** A key was rolled: a successor was created and the key now has an expiry; the object is the rolled key. */
    API_KEY_ROLLED(9, "api_key.rolled", null),
    /** A key was revoked: it stopped working at once; the object is the key. */
    API_KEY_REVOKED(10, "api_key.revoked", null),
    /** The tenant was deactivated: none of its keys works until it is reactivated; the object is the tenant. */
    TENANT_DEACTIVATED(11, "tenant.deactivated", null),
    TENANT_REACTIVATED(12, "tenant.reactivated", null),
    /** A payment intent was created; the object is the intent as the event left it (so for every payment event). */
    PAYMENT_INTENT_CREATED(13, "payment_intent.created", null),
    /** The customer must authenticate the payment (3-D Secure) before it can go on. */
    PAYMENT_INTENT_REQUIRES_ACTION(14, "payment_intent.requires_action", null),
    /** An authorization holds the amount until captured or canceled. */
    PAYMENT_INTENT_AMOUNT_CAPTURABLE_UPDATED(15, "payment_intent.amount_capturable_updated", null),
    PAYMENT_INTENT_SUCCEEDED(16, "payment_intent.succeeded", null),
    /** The processor declined the payment; {@code last_payment_error} says why. */
    PAYMENT_INTENT_PAYMENT_FAILED(17, "payment_intent.payment_failed", null),
    PAYMENT_INTENT_CANCELED(18, "payment_intent.canceled", null),
    /** Part or all of a payment was refunded; the object is the payment intent. */
    CHARGE_REFUNDED(19, "charge.refunded", null),
    /** The object is the refund. */
    REFUND_CREATED(20, "refund.created", null),
    REFUND_UPDATED(21, "refund.updated", null),
    /** A statement line went to the exceptions queue; the object is the line (docs/reconciliation.md). */
    RECONCILIATION_EXCEPTION_CREATED(22, "reconciliation.exception_created", null),
    /** A matching run ended; the object is the run with its counts and sums. */
    RECONCILIATION_RUN_COMPLETED(23, "reconciliation.run_completed", null);

    private static final EventType[] BY_CODE = new EventType[Arrays.stream(values()).mapToInt(t -> t.code).max()
            .orElse(0) + 1];
    public static final List<String> NAMES = Arrays.stream(values()).map(EventType::typeName).toList();

    static {
        for (EventType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final String typeName;
    private final TransferStatus transferStatus;

    EventType(int code, String typeName, TransferStatus transferStatus) {
        this.code = code;
        this.typeName = typeName;
        this.transferStatus = transferStatus;
    }

    public int code() {
        return code;
    }

    /** The name in the API, such as {@code transfer.posted}. */
    public String typeName() {
        return typeName;
    }

    /** For transfer events: the status the event's transfer object shows (the status it had then). */
    public TransferStatus transferStatus() {
        return transferStatus;
    }

    /**
     * True for the events of ledger changes (accounts, transfers, transactions), false for those
     * about the tenant itself (its keys, its status), which no ledger record stands behind.
     */
    public boolean isLedgerChange() {
        return switch (this) {
            case ACCOUNT_CREATED, TRANSFER_CREATED, TRANSFER_PENDING, TRANSFER_POSTED, TRANSFER_VOIDED, TRANSFER_EXPIRED,
                    TRANSACTION_CREATED -> true;
            case API_KEY_CREATED, API_KEY_ROLLED, API_KEY_REVOKED, TENANT_DEACTIVATED, TENANT_REACTIVATED,
                    PAYMENT_INTENT_CREATED, PAYMENT_INTENT_REQUIRES_ACTION,
                    PAYMENT_INTENT_AMOUNT_CAPTURABLE_UPDATED, PAYMENT_INTENT_SUCCEEDED, PAYMENT_INTENT_PAYMENT_FAILED,
                    PAYMENT_INTENT_CANCELED, CHARGE_REFUNDED, REFUND_CREATED, REFUND_UPDATED,
                    RECONCILIATION_EXCEPTION_CREATED, RECONCILIATION_RUN_COMPLETED -> false;
        };
    }

    /** True for the events about payments (their object is a payment intent or a refund, at a version). */
    public boolean isPayment() {
        return code >= PAYMENT_INTENT_CREATED.code && code <= REFUND_UPDATED.code;
    }

    /** True for the events about reconciliation (their object is a statement line or a run). */
    public boolean isReconciliation() {
        return this == RECONCILIATION_EXCEPTION_CREATED || this == RECONCILIATION_RUN_COMPLETED;
    }

    public static EventType ofCode(int code) {
        EventType type = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (type == null) {
            throw new IllegalArgumentException("unknown event type code " + code);
        }
        return type;
    }

    /** The event of a transfer created with these flags. */
    public static EventType ofNewTransfer(int transferFlags) {
        if ((transferFlags & TransferFlags.PENDING) != 0) {
            return TRANSFER_PENDING;
        }
        if ((transferFlags & TransferFlags.POST_PENDING_TRANSFER) != 0) {
            return TRANSFER_POSTED;
        }
        if ((transferFlags & TransferFlags.VOID_PENDING_TRANSFER) != 0) {
            return TRANSFER_VOIDED;
        }
        return TRANSFER_CREATED;
    }
}
