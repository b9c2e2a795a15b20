package dev.settle.processorsim;

import java.security.SecureRandom;

/**
 * Makes Stripe-shaped object ids ({@code ch_…}, {@code re_…}): a prefix and 24 random
 * alphanumerics, unguessable so that tests cannot come to depend on their order.
 */
final class Ids {
    static final String CHARGE_PREFIX = "ch_";
    static final String REFUND_PREFIX = "re_";
    private static final int RANDOM_LENGTH = 24;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final SecureRandom random = new SecureRandom();

    String charge() {
        return next(CHARGE_PREFIX);
    }

    String refund() {
        return next(REFUND_PREFIX);
    }

    private String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + RANDOM_LENGTH).append(prefix);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
