package dev.settle.webhooks;

import java.time.Duration;

/**
 * The relay's settings, each with its default and bounds, checked together at start.
 *
 * @param allowPrivateTargets deliver to loopback and private addresses
 *        ({@code SETTLE_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true}; off by default against request forgery)
 * @param connectTimeout to open a connection to an endpoint
 * @param readTimeout for the endpoint's answer, after connecting
 * @param retrySchedule the waits between attempts
 * @param disableAfter an endpoint that has failed continuously for this long is disabled
 * @param concurrentDeliveriesPerEndpoint the bulkhead: deliveries in flight to one endpoint at most
 * @param breakerOpen how long a tripped circuit breaker holds deliveries to its endpoint before probing
 * @param eventRetention how long events (and their deliveries) are kept
 */
public record WebhookConfig(boolean allowPrivateTargets, Duration connectTimeout, Duration readTimeout,
        RetrySchedule retrySchedule, Duration disableAfter, int concurrentDeliveriesPerEndpoint, Duration breakerOpen,
        Duration eventRetention) {
    public static final String ALLOW_PRIVATE_TARGETS_ENV = TargetPolicy.ALLOW_PRIVATE_SETTING;
    public static final int CONCURRENT_DELIVERIES_PER_ENDPOINT_MAX = 64;
    public static final Duration EVENT_RETENTION_DEFAULT = Duration.ofDays(30);
    public static final Duration EVENT_RETENTION_MAX = Duration.ofDays(3650);
    public static final Duration DISABLE_AFTER_DEFAULT = Duration.ofDays(5);

    public WebhookConfig {
        if (concurrentDeliveriesPerEndpoint < 1 || concurrentDeliveriesPerEndpoint > CONCURRENT_DELIVERIES_PER_ENDPOINT_MAX) {
            throw new IllegalArgumentException("concurrent deliveries per endpoint must be 1.."
                    + CONCURRENT_DELIVERIES_PER_ENDPOINT_MAX + ", not " + concurrentDeliveriesPerEndpoint);
        }
        if (eventRetention.isNegative() || eventRetention.isZero() || eventRetention.compareTo(EVENT_RETENTION_MAX) > 0) {
            throw new IllegalArgumentException("event retention must be above 0 and at most " + EVENT_RETENTION_MAX.toDays()
                    + " days, not " + eventRetention);
        }
        if (disableAfter.isNegative() || breakerOpen.isNegative() || breakerOpen.isZero()) {
            throw new IllegalArgumentException("disable-after and breaker-open durations must be positive");
        }
    }

    public static WebhookConfig defaults() {
        return new WebhookConfig(false, Duration.ofSeconds(5), Duration.ofSeconds(15), RetrySchedule.DEFAULT,
                DISABLE_AFTER_DEFAULT, 8, Duration.ofSeconds(30), EVENT_RETENTION_DEFAULT);
    }

    /** Whether an environment variable's value turns a switch on ({@code true}, {@code 1}, {@code yes}). */
    public static boolean isOn(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    /** A builder holding these settings, to change some of them; {@link Builder#build} checks them again. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes settings by name instead of eight positional arguments. */
    public static final class Builder {
        private boolean allowPrivateTargets;
        private Duration connectTimeout;
        private Duration readTimeout;
        private RetrySchedule retrySchedule;
        private Duration disableAfter;
        private int concurrentDeliveriesPerEndpoint;
        private Duration breakerOpen;
        private Duration eventRetention;

        private Builder(WebhookConfig from) {
            this.allowPrivateTargets = from.allowPrivateTargets;
            this.connectTimeout = from.connectTimeout;
            this.readTimeout = from.readTimeout;
            this.retrySchedule = from.retrySchedule;
            this.disableAfter = from.disableAfter;
            this.concurrentDeliveriesPerEndpoint = from.concurrentDeliveriesPerEndpoint;
            this.breakerOpen = from.breakerOpen;
            this.eventRetention = from.eventRetention;
        }

        public Builder allowPrivateTargets(boolean allow) {
            this.allowPrivateTargets = allow;
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        public Builder retrySchedule(RetrySchedule schedule) {
            this.retrySchedule = schedule;
            return this;
        }

        public Builder disableAfter(Duration after) {
            this.disableAfter = after;
            return this;
        }

        public Builder breakerOpen(Duration open) {
            this.breakerOpen = open;
            return this;
        }

        public Builder eventRetention(Duration retention) {
            this.eventRetention = retention;
            return this;
        }

        public WebhookConfig build() {
            return new WebhookConfig(allowPrivateTargets, connectTimeout, readTimeout, retrySchedule, disableAfter,
                    concurrentDeliveriesPerEndpoint, breakerOpen, eventRetention);
        }
    }
}
