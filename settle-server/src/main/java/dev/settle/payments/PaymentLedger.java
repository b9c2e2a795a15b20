package dev.settle.payments;

import dev.settle.api.json.Metadata;
import dev.settle.common.Sha256;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.Currency;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.pod.AccountOutcomes;
import dev.settle.pod.Futures;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a payment's money goes on the tenant's ledger (docs/payments.md, "Money on the ledger"):
 * three accounts per currency, made by Settle, and the transfers of each step.
 *
 * <pre>
 * authorize (manual capture)  pending  processor_receivable → sales     amount   (code 9101)
 * capture                     post of the pending (part or all; its code is the pending's), linked with
 *   fee leg                            processor_fees → processor_receivable   fee (code 9103)
 * charge (automatic capture)  posted   processor_receivable → sales     amount (code 9106), linked with the fee leg
 * cancel / expiry             void of the pending
 * refund                      posted   sales → processor_receivable     amount (code 9104)
 * </pre>
 * A transfer debits its first account and credits the second. The receivable then holds what
 * the processor will pay out: captured minus fees minus refunds.
 */
public final class PaymentLedger {
    public static final int CODE_AUTHORIZATION = 9101;
    public static final int CODE_FEE = 9103;
    public static final int CODE_REFUND = 9104;
    public static final int CODE_CHARGE = 9106;

    /** The accounts Settle makes per currency, and their account codes. */
    public enum Role {
        PROCESSOR_RECEIVABLE(9001), SALES(9002), PROCESSOR_FEES(9003);

        final int code;

        Role(int code) {
            this.code = code;
        }

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Pods pods;
    /** The ledger and currency pairs whose accounts exist (made by this node, or found). */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public PaymentLedger(Pods pods) {
        this.pods = pods;
    }

    /** The id of a payments account: a hash of its role and currency, the same on every node. */
    public static UInt128 account(Role role, String currency) {
        return hashId("settle/payments/account/" + role.apiName() + "/" + currency.toUpperCase(Locale.ROOT));
    }

    /** Makes the currency's three accounts in the tenant's ledger, once (creating them again is harmless). */
    public void ensureAccounts(int ledger, String currency) {
        String pair = ledger + "/" + currency;
        if (ready.contains(pair)) {
            return;
        }
        AccountBatch batch = new AccountBatch(Role.values().length);
        long currencyLedger = Currency.toLedger(currency.toUpperCase(Locale.ROOT));
        for (Role role : Role.values()) {
            batch.add(NewAccount.of(account(role, currency), currencyLedger).withCode(role.code)
                    .withMetadata(Metadata.canonical(Map.of("settle_payments", role.apiName()), "metadata")));
        }
        AccountOutcomes outcomes = Futures.await(pods.submit(PodCommand.accounts(ledger, batch), null));
        for (int i = 0; i < batch.size(); i++) {
            CreateAccountResult result = outcomes.results().result(i);
            if (result != CreateAccountResult.OK && result != CreateAccountResult.EXISTS) {
                throw new IllegalStateException("the payments account " + Role.values()[i].apiName() + " in "
                        + currency + " cannot be made: " + result.code());
            }
        }
        ready.add(pair);
    }

    /** The id of a step's transfer: a hash of the intent (or refund), the step and the intent's version. */
    static UInt128 transferId(UInt128 object, String step, int version) {
        return hashId("settle/payments/transfer/" + object.toUuid() + "/" + step + "/" + version);
    }

    static NewTransfer authorization(UInt128 id, PaymentIntent p) {
        return base(id, Role.PROCESSOR_RECEIVABLE, Role.SALES, p.amount(), p, CODE_AUTHORIZATION)
                .flags(TransferFlags.PENDING).build();
    }

    static NewTransfer charge(UInt128 id, PaymentIntent p, long amount, int flags) {
        return base(id, Role.PROCESSOR_RECEIVABLE, Role.SALES, amount, p, CODE_CHARGE).flags(flags).build();
    }

    static NewTransfer capture(UInt128 id, PaymentIntent p, long amount, int flags) {
        return NewTransfer.builder(id).pendingId(p.authorization()).amount(UInt128.of(amount))
                .flags(TransferFlags.POST_PENDING_TRANSFER | flags).metadata(metadata(p, null)).build();
    }

    static NewTransfer voiding(UInt128 id, PaymentIntent p) {
        return NewTransfer.builder(id).pendingId(p.authorization()).flags(TransferFlags.VOID_PENDING_TRANSFER)
                .metadata(metadata(p, null)).build();
    }

    static NewTransfer fee(UInt128 id, PaymentIntent p, long fee) {
        return base(id, Role.PROCESSOR_FEES, Role.PROCESSOR_RECEIVABLE, fee, p, CODE_FEE).build();
    }

    static NewTransfer refund(UInt128 id, PaymentIntent p, Refund r) {
        return base(id, Role.SALES, Role.PROCESSOR_RECEIVABLE, r.amount(), p, CODE_REFUND)
                .metadata(metadata(p, r)).build();
    }

    static TransferBatch batch(NewTransfer... transfers) {
        TransferBatch batch = new TransferBatch(Math.max(1, transfers.length));
        for (NewTransfer t : transfers) {
            batch.add(t);
        }
        return batch;
    }

    private static NewTransfer.Builder base(UInt128 id, Role debit, Role credit, long amount, PaymentIntent p,
            int code) {
        return NewTransfer.builder(id).debit(account(debit, p.currency())).credit(account(credit, p.currency()))
                .amount(UInt128.of(amount)).ledger(Currency.toLedger(p.currency().toUpperCase(Locale.ROOT)))
                .code(code).metadata(metadata(p, null));
    }

    /**
     * The payment's ids on each of its transfers: the intent, the processor's charge once there is
     * one (what the processor's settlement report names: reconciliation matches by it), the refund.
     */
    private static byte[] metadata(PaymentIntent p, Refund r) {
        Map<String, Object> ids = new java.util.TreeMap<>();
        ids.put("payment_intent", PaymentRecords.INTENT_IDS.format(p.id()));
        if (p.latestCharge() != null) {
            ids.put("charge", p.latestCharge());
        }
        if (r != null) {
            ids.put("refund", PaymentRecords.REFUND_IDS.format(r.id()));
        }
        return Metadata.canonical(ids, "metadata");
    }

    private static UInt128 hashId(String text) {
        ByteBuffer hash = ByteBuffer.wrap(Sha256.of(text));
        return new UInt128(hash.getLong(), hash.getLong());
    }
}
