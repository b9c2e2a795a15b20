package dev.settle.payments;

import java.util.Set;

/**
 * The payment methods a payment may name: Stripe's test payment methods ({@code pm_card_visa},
 * …) and Settle's own two that make the processor misbehave, or a card number (12 to 19 digits
 * passing the Luhn check), which the processor judges. docs/payments.md lists what each does.
 */
public final class PaymentMethods {
    public static final Set<String> TEST_METHODS = Set.of("pm_card_visa", "pm_card_mastercard",
            "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds", "pm_card_authenticationRequired",
            "pm_card_settleAnswerLost", "pm_card_settleSlow");
    private static final int CARD_DIGITS_MIN = 12;
    private static final int CARD_DIGITS_MAX = 19;

    private PaymentMethods() {}

    public static boolean isKnown(String method) {
        return method != null && (TEST_METHODS.contains(method) || isCardNumber(method));
    }

    static boolean isCardNumber(String text) {
        if (text.length() < CARD_DIGITS_MIN || text.length() > CARD_DIGITS_MAX) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(text.length() - 1 - i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
