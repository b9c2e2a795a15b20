package dev.settle.api.payments;

import dev.settle.payments.PaymentError;
import dev.settle.payments.PaymentIntent;
import dev.settle.payments.PaymentRecords;
import dev.settle.payments.Refund;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payment intents, refunds and charges in Stripe's shapes (the fields Stripe's client libraries
 * read), plus Settle's {@code amount_refunded} on the intent.
 */
public final class PaymentViews {
    private PaymentViews() {}

    public static Map<String, Object> intent(PaymentIntent p, boolean expandCharge) {
        Map<String, Object> v = new LinkedHashMap<>();
        String id = PaymentRecords.INTENT_IDS.format(p.id());
        v.put("id", id);
        v.put("object", "payment_intent");
        v.put("amount", p.amount());
        v.put("amount_capturable", p.amountCapturable());
        v.put("amount_received", p.amountReceived());
        v.put("amount_refunded", p.amountRefunded());
        v.put("canceled_at", p.canceledAtSeconds() == 0 ? null : p.canceledAtSeconds());
        v.put("cancellation_reason", p.cancellationReason());
        v.put("capture_method", p.captureMethod().apiName());
        v.put("confirmation_method", "automatic");
        v.put("created", p.createdSeconds());
        v.put("currency", p.currency());
        v.put("customer", p.customer());
        v.put("description", p.description());
        v.put("last_payment_error", p.lastPaymentError() == null ? null : error(p.lastPaymentError()));
        v.put("latest_charge", p.latestCharge() == null ? null : expandCharge ? charge(p) : p.latestCharge());
        v.put("livemode", false);
        v.put("metadata", new LinkedHashMap<>(new java.util.TreeMap<>(p.metadata())));
        v.put("next_action", p.status() == PaymentIntent.Status.REQUIRES_ACTION ? nextAction() : null);
        v.put("payment_method", p.paymentMethod());
        v.put("payment_method_types", List.of("card"));
        v.put("status", p.status().apiName());
        return v;
    }

    public static Map<String, Object> refund(Refund r, String charge) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", PaymentRecords.REFUND_IDS.format(r.id()));
        v.put("object", "refund");
        v.put("amount", r.amount());
        v.put("charge", charge);
        v.put("created", r.createdSeconds());
        v.put("currency", r.currency());
        v.put("failure_reason", r.failureReason());
        v.put("metadata", new LinkedHashMap<>(new java.util.TreeMap<>(r.metadata())));
        v.put("payment_intent", PaymentRecords.INTENT_IDS.format(r.paymentIntent()));
        v.put("reason", r.reason());
        v.put("status", r.status().apiName());
        return v;
    }

    /** The intent's latest charge as a charge object (for {@code expand[]=latest_charge}). */
    static Map<String, Object> charge(PaymentIntent p) {
        Map<String, Object> v = new LinkedHashMap<>();
        boolean captured = p.amountReceived() > 0;
        v.put("id", p.latestCharge());
        v.put("object", "charge");
        v.put("amount", p.amount());
        v.put("amount_captured", p.amountReceived());
        v.put("amount_refunded", p.amountRefunded());
        v.put("captured", captured);
        v.put("currency", p.currency());
        v.put("paid", captured || p.status() == PaymentIntent.Status.REQUIRES_CAPTURE);
        v.put("payment_intent", PaymentRecords.INTENT_IDS.format(p.id()));
        v.put("refunded", captured && p.amountRefunded() == p.amountReceived());
        v.put("status", p.lastPaymentError() != null && !captured ? "failed" : "succeeded");
        return v;
    }

    private static Map<String, Object> error(PaymentError e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", e.type());
        v.put("code", e.code());
        v.put("decline_code", e.declineCode());
        v.put("message", e.message());
        if (e.paymentMethod() != null) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("id", e.paymentMethod());
            method.put("object", "payment_method");
            method.put("type", "card");
            v.put("payment_method", method);
        }
        return v;
    }

    private static Map<String, Object> nextAction() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", "use_stripe_sdk");
        v.put("use_stripe_sdk", Map.of("type", "settle_simulated_authentication"));
        return v;
    }
}
