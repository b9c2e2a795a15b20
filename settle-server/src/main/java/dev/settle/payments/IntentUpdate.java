package dev.settle.payments;

import java.util.Map;

/**
 * A change of a payment intent's fields; null leaves a field as it is. Metadata is merged as
 * Stripe does: a key with an empty value is removed, and {@code clearMetadata} removes every key
 * first (a form's {@code metadata=}).
 */
public record IntentUpdate(Long amount, String currency, String paymentMethod,
        PaymentIntent.CaptureMethod captureMethod, String description, Map<String, String> metadata,
        boolean clearMetadata, String customer) {
    /** True when it changes what would be charged (only before a payment is under way). */
    boolean changesTheCharge() {
        return amount != null || currency != null || paymentMethod != null || captureMethod != null;
    }
}
