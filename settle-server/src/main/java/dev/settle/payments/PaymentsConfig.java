package dev.settle.payments;

import dev.settle.payments.processor.ProcessorConfig;
import java.time.Duration;

/**
 * The payments layer's settings: the card processor ({@code --processor-url}; without it payments
 * can be created and canceled, but confirming one answers 503 {@code processor_unavailable}), how
 * long an authorization may wait for its capture, and the recovery job's pace.
 *
 * @param processor null when no processor is configured
 * @param recoverAfter how old a step at the processor must be before recovery settles it: longer
 *     than a call's attempts and backoff, so that it never races the request that made it
 */
public record PaymentsConfig(ProcessorConfig processor, Duration authorizationExpiry, Duration recoveryInterval,
        Duration recoverAfter) {
    public static final Duration AUTHORIZATION_EXPIRY_DEFAULT = Duration.ofDays(7);
    public static final Duration RECOVERY_INTERVAL_DEFAULT = Duration.ofSeconds(5);
    public static final Duration RECOVER_AFTER_DEFAULT = Duration.ofSeconds(30);

    public static PaymentsConfig defaults() {
        return new PaymentsConfig(null, AUTHORIZATION_EXPIRY_DEFAULT, RECOVERY_INTERVAL_DEFAULT,
                RECOVER_AFTER_DEFAULT);
    }

    public PaymentsConfig withProcessor(ProcessorConfig value) {
        return new PaymentsConfig(value, authorizationExpiry, recoveryInterval, recoverAfter);
    }

    public PaymentsConfig withAuthorizationExpiry(Duration value) {
        return new PaymentsConfig(processor, value, recoveryInterval, recoverAfter);
    }

    public PaymentsConfig withRecovery(Duration interval, Duration after) {
        return new PaymentsConfig(processor, authorizationExpiry, interval, after);
    }
}
