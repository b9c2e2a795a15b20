package dev.settle.payments;

import java.util.Map;

/** A payment intent to create, as the request gave it (checked by the API). */
public record NewPaymentIntent(long amount, String currency, PaymentIntent.CaptureMethod captureMethod,
        String paymentMethod, boolean confirm, String description, Map<String, String> metadata, String customer) {}
