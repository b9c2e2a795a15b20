package dev.settle.api.webhooks;

import dev.settle.events.EventIds;
import dev.settle.webhooks.Delivery;
import dev.settle.webhooks.WebhookEndpoint;
import dev.settle.webhooks.WebhookIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of webhook endpoints and deliveries. */
final class WebhookViews {
    private WebhookViews() {}

    /** An endpoint; with {@code secret} (creation and rotation only) its signing secret, shown once. */
    static Map<String, Object> endpoint(WebhookEndpoint e, String secret, String breakerState) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "webhook_endpoint");
        v.put("id", WebhookIds.format(e.id()));
        v.put("url", e.url());
        v.put("enabled_events", e.enabledEvents());
        v.put("description", e.description());
        v.put("status", e.enabled() ? "enabled" : "disabled");
        v.put("disabled_reason", e.status().reason());
        v.put("failing_since", time(e.failingSinceMillis()));
        // An enabled endpoint whose lane has not started yet (just created or enabled) has a closed breaker.
        v.put("circuit_breaker", e.enabled() && breakerState == null ? "closed" : e.enabled() ? breakerState : null);
        v.put("previous_secret_expires", e.previousSecret() == null ? null : time(e.previousExpiresMillis()));
        v.put("created", Instant.ofEpochMilli(e.createdMillis()).toString());
        if (secret != null) {
            v.put("secret", secret);
        }
        return v;
    }

    static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "webhook_delivery");
        v.put("event", EventIds.format(d.ledger(), d.sequence()));
        v.put("webhook_endpoint", WebhookIds.format(d.endpointId()));
        v.put("status", d.status().apiName());
        v.put("attempt_count", d.attemptCount());
        v.put("next_attempt", time(d.nextAttemptMillis()));
        List<Object> attempts = new ArrayList<>(d.attempts().size());
        for (Delivery.Attempt a : d.attempts()) {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("attempted", Instant.ofEpochMilli(a.atMillis()).toString());
            attempt.put("status_code", a.statusCode() == 0 ? null : a.statusCode());
            attempt.put("latency_ms", a.latencyMillis());
            attempt.put("error", a.error());
            attempt.put("response_body_prefix", a.responsePrefix());
            attempts.add(attempt);
        }
        v.put("attempts", attempts);
        return v;
    }

    private static String time(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
