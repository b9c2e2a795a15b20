package dev.settle.webhooks;

import dev.settle.events.EventType;
import dev.settle.events.EventTypePattern;
import dev.settle.ledger.Invariants;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tenant's webhook endpoint: where to deliver which events, signed with which secrets.
 *
 * @param firstSequence the first event sequence delivered to it (events before its creation are not)
 * @param previousSecret the secret before the last rotation, still signing until
 *        {@code previousExpiresMillis}; null when none
 * @param failingSinceMillis when its current run of failed attempts began; 0 while it is healthy
 */
public record WebhookEndpoint(int ledger, UInt128 id, String url, List<String> enabledEvents, String description,
        long createdMillis, Status status, WebhookSecret secret, WebhookSecret previousSecret,
        long previousExpiresMillis, long firstSequence, long failingSinceMillis) {
    public static final int ENDPOINTS_PER_TENANT_MAX = 16;
    public static final int DESCRIPTION_CHARS_MAX = 512;
    public static final int ENABLED_EVENTS_MAX = 32;

    /** Enabled, or disabled and why. The code is stored; never reuse one. */
    public enum Status {
        ENABLED(0, null), DISABLED_MANUALLY(1, "manual"), DISABLED_FAILING(2, "failing"), DISABLED_GONE(3, "gone");

        private final int code;
        private final String reason;

        Status(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }

        public int code() {
            return code;
        }

        /** Why it is disabled, as the API says it ({@code manual}, {@code failing}, {@code gone}); null when enabled. */
        public String reason() {
            return reason;
        }

        public static Status ofCode(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown endpoint status " + code);
        }
    }

    public WebhookEndpoint {
        enabledEvents = List.copyOf(enabledEvents);
        Invariants.check(!enabledEvents.isEmpty(), "an endpoint subscribes to at least one event type");
    }

    public boolean enabled() {
        return status == Status.ENABLED;
    }

    public Set<EventType> types() {
        return EventTypePattern.typesOf(enabledEvents);
    }

    /** The secrets that sign a delivery now: the current one, and the previous one during its overlap. */
    public List<WebhookSecret> signingSecrets(long nowMillis) {
        List<WebhookSecret> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && nowMillis < previousExpiresMillis) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public WebhookEndpoint withStatus(Status newStatus) {
        return new WebhookEndpoint(ledger, id, url, enabledEvents, description, createdMillis, newStatus, secret,
                previousSecret, previousExpiresMillis, firstSequence, failingSinceMillis);
    }

    public WebhookEndpoint withFailingSince(long millis) {
        return new WebhookEndpoint(ledger, id, url, enabledEvents, description, createdMillis, status, secret,
                previousSecret, previousExpiresMillis, firstSequence, millis);
    }

    public WebhookEndpoint withFirstSequence(long sequence) {
        return new WebhookEndpoint(ledger, id, url, enabledEvents, description, createdMillis, status, secret,
                previousSecret, previousExpiresMillis, sequence, failingSinceMillis);
    }

    public WebhookEndpoint withSettings(String newUrl, List<String> newEvents, String newDescription) {
        return new WebhookEndpoint(ledger, id, newUrl, newEvents, newDescription, createdMillis, status, secret,
                previousSecret, previousExpiresMillis, firstSequence, failingSinceMillis);
    }

    public WebhookEndpoint withRotatedSecret(WebhookSecret newSecret, long previousUntilMillis) {
        return new WebhookEndpoint(ledger, id, url, enabledEvents, description, createdMillis, status, newSecret,
                secret, previousUntilMillis, firstSequence, failingSinceMillis);
    }
}
