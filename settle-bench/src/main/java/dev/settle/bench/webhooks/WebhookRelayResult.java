package dev.settle.bench.webhooks;

import dev.settle.bench.JsonLine;
import java.util.Locale;

/**
 * What the relay delivered to the bench's receiver.
 *
 * @param events the tenant's events when the load ended: each should reach the receiver
 * @param deliveries deliveries received, repeats of an event included (at-least-once)
 * @param distinctEvents distinct events received when the wait ended
 * @param distinctEventsAtLoadEnd distinct events received by the time the load ended
 * @param rejectedRequests requests without an event id in {@code webhook-id}; a correct relay sends none
 * @param loadSeconds from the endpoint's creation to the end of the load (setup, warm-ups and phases)
 * @param drainSeconds from the end of the load until every event had arrived (or the wait timed out)
 * @param deliverySeconds from the first delivery's arrival to the last's
 */
public record WebhookRelayResult(long events, long deliveries, long distinctEvents, long distinctEventsAtLoadEnd,
        long rejectedRequests, double loadSeconds, double drainSeconds, double deliverySeconds) {
    public WebhookRelayResult {
        if (events < 0 || distinctEvents < distinctEventsAtLoadEnd || deliveries < distinctEvents
                || rejectedRequests < 0 || loadSeconds <= 0 || drainSeconds < 0 || deliverySeconds < 0) {
            throw new IllegalArgumentException("inconsistent relay figures: " + events + " events, " + deliveries
                    + " deliveries, " + distinctEvents + " distinct, " + distinctEventsAtLoadEnd + " by the load's end, "
                    + rejectedRequests + " rejected, " + loadSeconds + " s, " + drainSeconds + " s, " + deliverySeconds
                    + " s");
        }
    }

    /** Events that had not arrived when the wait ended; a complete run has none. */
    public long undeliveredEvents() {
        return Math.max(0, events - distinctEvents);
    }

    /** Deliveries of an event that had arrived before. */
    public long repeatedDeliveries() {
        return deliveries - distinctEvents;
    }

    /** Distinct events delivered while the load ran, per second of the load. */
    public double loadEventsPerSecond() {
        return distinctEventsAtLoadEnd / loadSeconds;
    }

    /** Distinct events per second from the first delivery to the last: the relay's own pace. */
    public double relayEventsPerSecond() {
        return deliverySeconds > 0 ? distinctEvents / deliverySeconds : 0;
    }

    /**
     * The figures as a JSON object, for example:
     * <pre>
     * {"events":…,"deliveries":…,"repeated_deliveries":…,"undelivered_events":0,"rejected_requests":0,
     *  "load_events_per_second":…,"load_seconds":…,"drain_seconds":…,"relay_events_per_second":…,
     *  "delivery_seconds":…}
     * </pre>
     */
    public JsonLine toJson() {
        return new JsonLine().field("events", events).field("deliveries", deliveries)
                .field("repeated_deliveries", repeatedDeliveries()).field("undelivered_events", undeliveredEvents())
                .field("rejected_requests", rejectedRequests).field("load_events_per_second", loadEventsPerSecond())
                .field("load_seconds", loadSeconds).field("drain_seconds", drainSeconds)
                .field("relay_events_per_second", relayEventsPerSecond()).field("delivery_seconds", deliverySeconds);
    }

    /** One human-readable line. */
    public String summary() {
        String outcome = undeliveredEvents() == 0
                ? String.format(Locale.ROOT, "all delivered %.1f s after the load", drainSeconds)
                : String.format(Locale.ROOT, "TIMED OUT %.1f s after the load with %,d events undelivered",
                        drainSeconds, undeliveredEvents());
        return String.format(Locale.ROOT, "webhooks: %,d events, %,d deliveries (%,d repeated, %,d rejected); "
                + "%,.0f events/s delivered during the load (%,d in %.1f s); %s; relay %,.0f events/s over %.1f s "
                + "from first to last delivery", events, deliveries, repeatedDeliveries(), rejectedRequests,
                loadEventsPerSecond(), distinctEventsAtLoadEnd, loadSeconds, outcome, relayEventsPerSecond(),
                deliverySeconds);
    }
}
