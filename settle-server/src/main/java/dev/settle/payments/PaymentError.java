package dev.settle.payments;

/**
 * Why the latest attempt failed, as Stripe's {@code last_payment_error}: its {@code type}
 * ({@code card_error}, {@code api_error}), {@code code} ({@code card_declined},
 * {@code processing_error}, …), the processor's {@code decline_code} (or null) and a message.
 */
public record PaymentError(String type, String code, String declineCode, String message, String paymentMethod) {
    public static final String CARD_ERROR = "card_error";
    public static final String API_ERROR = "api_error";
}
