package dev.settle.api.webhooks;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.events.EventsResource;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.api.json.Params;
import dev.settle.events.EventIds;
import dev.settle.events.EventTypePattern;
import dev.settle.events.StoredEvents;
import dev.settle.ledger.UInt128;
import dev.settle.pod.DurableResponse;
import dev.settle.webhooks.Delivery;
import dev.settle.webhooks.TargetRefusedException;
import dev.settle.webhooks.WebhookEndpoint;
import dev.settle.webhooks.WebhookEndpoints;
import dev.settle.webhooks.WebhookIds;
import dev.settle.webhooks.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code /v1/webhook_endpoints}: create (answers the signing secret, once), list, get, update
 * (including {@code disabled}), delete, rotate the secret with an overlap, list dead letters and
 * replay deliveries; and {@code GET /v1/events/{id}/deliveries}.
 */
public final class WebhookEndpointsResource {
    /** Event ids one replay may name. */
    public static final int REPLAY_EVENT_IDS_MAX = 100;
    /** Dead letters one replay by time range queues at most; repeat it for more. */
    public static final int REPLAY_DEAD_LETTERS_MAX = 10_000;
    public static final long SECRET_OVERLAP_SECONDS_DEFAULT = Duration.ofHours(24).toSeconds();
    public static final long SECRET_OVERLAP_SECONDS_MAX = Duration.ofDays(7).toSeconds();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final Webhooks webhooks;
    private final WebhookEndpoints endpoints;
    private final EventsResource events;
    private final LongSupplier clockMillis;

    public WebhookEndpointsResource(Webhooks webhooks, EventsResource events, LongSupplier clockMillis) {
        this.webhooks = webhooks;
        this.endpoints = webhooks.endpoints();
        this.events = events;
        this.clockMillis = clockMillis;
    }

    public ApiResponse create(ApiRequest request) {
        Params p = Params.of(request.jsonObject()).allowOnly("url", "enabled_events", "description");
        if (!p.has("url")) {
            throw ApiException.missing("url");
        }
        String url = checkedUrl(p.string("url"));
        List<String> enabledEvents = enabledEvents(p);
        String description = description(p);
        p.finish();
        try {
            WebhookEndpoint created = endpoints.create(request.tenant().ledger(), url, enabledEvents, description,
                    recorder(request, 201, Secret.SHOWN));
            return request.json(201, view(created, Secret.SHOWN));
        } catch (WebhookEndpoints.LimitReachedException e) {
            throw ApiException.invalid("webhook_endpoints_limit_reached", e.getMessage(), null);
        }
    }

    public ApiResponse list(ApiRequest request) {
        request.onlyQuery(Set.of());
        List<Object> data = new ArrayList<>();
        for (WebhookEndpoint e : endpoints.list(request.tenant().ledger())) {
            data.add(view(e, Secret.HIDDEN));
        }
        return request.json(200, Views.list(data, false));
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(Set.of());
        return request.json(200, view(find(request), Secret.HIDDEN));
    }

    /** Changes url, enabled_events, description; {@code disabled: true} stops deliveries, false resumes them. */
    public ApiResponse update(ApiRequest request) {
        WebhookEndpoint endpoint = find(request);
        Params p = Params.of(request.jsonObject()).allowOnly("url", "enabled_events", "description", "disabled");
        String url = p.present("url") ? checkedUrl(p.string("url")) : endpoint.url();
        List<String> enabledEvents = p.present("enabled_events") ? enabledEvents(p) : endpoint.enabledEvents();
        String description = p.present("description") ? description(p) : endpoint.description();
        Boolean disabled = p.bool("disabled");
        p.finish();
        WebhookEndpoint changed = endpoint.withSettings(url, enabledEvents, description);
        if (Boolean.TRUE.equals(disabled) && endpoint.enabled()) {
            changed = changed.withStatus(WebhookEndpoint.Status.DISABLED_MANUALLY);
        } else if (Boolean.FALSE.equals(disabled) && !endpoint.enabled()) {
            changed = changed.withStatus(WebhookEndpoint.Status.ENABLED).withFailingSince(0);
        }
        WebhookEndpoint updated = endpoints.update(changed, recorder(request, 200, Secret.HIDDEN));
        return request.json(200, view(updated, Secret.HIDDEN));
    }

    public ApiResponse delete(ApiRequest request) {
        request.onlyQuery(Set.of());
        WebhookEndpoint endpoint = find(request);
        endpoints.delete(endpoint);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "webhook_endpoint");
        v.put("id", WebhookIds.format(endpoint.id()));
        v.put("deleted", true);
        return request.json(200, v);
    }

    /** A new secret, shown once; the previous one keeps signing (beside it) for the overlap. */
    public ApiResponse rotateSecret(ApiRequest request) {
        WebhookEndpoint endpoint = find(request);
        Params p = Params.of(request.jsonObject()).allowOnly("expire_previous_after_seconds");
        long overlapSeconds = p.integer("expire_previous_after_seconds", 0, SECRET_OVERLAP_SECONDS_MAX,
                SECRET_OVERLAP_SECONDS_DEFAULT);
        p.finish();
        WebhookEndpoint rotated = endpoints.rotateSecret(endpoint, Duration.ofSeconds(overlapSeconds).toMillis(),
                recorder(request, 200, Secret.SHOWN));
        return request.json(200, view(rotated, Secret.SHOWN));
    }

    /**
     * Queues deliveries again: {@code event_ids} (any of the tenant's stored events, delivered or
     * not), or the endpoint's dead letters of events created in [{@code since}, {@code until}).
     */
    public ApiResponse replay(ApiRequest request) {
        WebhookEndpoint endpoint = find(request);
        if (!endpoint.enabled()) {
            throw new ApiException(409, ErrorType.INVALID_REQUEST, "webhook_endpoint_disabled",
                    "the endpoint is disabled; enable it (disabled: false) before replaying", null);
        }
        Params p = Params.of(request.jsonObject()).allowOnly("event_ids", "since", "until");
        int ledger = request.tenant().ledger();
        int queued;
        if (p.present("event_ids")) {
            List<Long> sequences = eventSequences(p, ledger);
            if (p.present("since") || p.present("until")) {
                throw ApiException.invalid("parameter_invalid", "give event_ids or since/until, not both", "since");
            }
            p.finish();
            queued = webhooks.relay().replay(endpoint, sequences);
        } else {
            long sinceNanos = instantNanos(p, "since", -1);
            if (sinceNanos < 0) {
                throw ApiException.invalid("parameter_missing", "give event_ids, or since (and until)", "event_ids");
            }
            long untilNanos = instantNanos(p, "until", clockMillis.getAsLong() * NANOS_PER_MILLI + 1);
            p.finish();
            queued = webhooks.relay().replayDeadLetters(endpoint, sinceNanos, untilNanos, REPLAY_DEAD_LETTERS_MAX);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "webhook_replay");
        v.put("webhook_endpoint", WebhookIds.format(endpoint.id()));
        v.put("queued", queued);
        ApiResponse answer = request.json(200, v);
        DurableResponse stored = request.storedAnswer(answer);
        if (stored != null) { // after the queueing: a crash in between lets a retry queue again (at least once)
            endpoints.recordAnswer(request.tenant().ledger(), stored);
        }
        return answer;
    }

    /** The endpoint's dead letters (deliveries that failed for good), newest first. */
    public ApiResponse deadLetters(ApiRequest request) {
        WebhookEndpoint endpoint = find(request);
        Pagination page = Pagination.of(request);
        if (page.endingBefore() != null) {
            throw ApiException.invalid("parameter_unknown", "dead letters page with starting_after only",
                    "ending_before");
        }
        long before = Long.MAX_VALUE;
        if (page.startingAfter() != null) {
            before = EventIds.sequenceOf(page.startingAfter(), endpoint.ledger());
            if (before < 0) {
                throw Pagination.unknownCursor("starting_after");
            }
        }
        List<Delivery> found = webhooks.relay().deadLetters(endpoint, before, page.limit() + 1);
        boolean hasMore = found.size() > page.limit();
        List<Object> data = new ArrayList<>();
        for (Delivery d : hasMore ? found.subList(0, page.limit()) : found) {
            data.add(WebhookViews.delivery(d));
        }
        return request.json(200, Views.list(data, hasMore));
    }

    /** {@code GET /v1/events/{id}/deliveries}: the event's delivery to each endpoint, with its attempts. */
    public ApiResponse eventDeliveries(ApiRequest request) {
        request.onlyQuery(Set.of());
        var event = events.find(request);
        List<Object> data = new ArrayList<>();
        for (Delivery d : webhooks.relay().deliveriesOf(event.ledger(), event.sequence())) {
            data.add(WebhookViews.delivery(d));
        }
        return request.json(200, Views.list(data, false));
    }

    /** Whether an answer shows the endpoint's signing secret: once, when it is created or rotated. */
    private enum Secret { SHOWN, HIDDEN }

    private Map<String, Object> view(WebhookEndpoint e, Secret secret) {
        return WebhookViews.endpoint(e, secret == Secret.SHOWN ? e.secret().reveal() : null,
                webhooks.relay().breakerState(e.id()));
    }

    private WebhookEndpoint find(ApiRequest request) {
        UInt128 id = WebhookIds.parseOrNull(request.pathParam("id"));
        WebhookEndpoint endpoint = id == null ? null : endpoints.get(request.tenant().ledger(), id);
        if (endpoint == null) {
            throw ApiException.notFound("webhook endpoint", "id");
        }
        return endpoint;
    }

    /**
     * What stores the answer with the change when the request has an idempotency key; else null.
     * An answer that shows the secret is stored sealed under the master key.
     */
    private Function<WebhookEndpoint, DurableResponse> recorder(ApiRequest request, int status, Secret secret) {
        return endpoint -> {
            ApiResponse answer = request.json(status, view(endpoint, secret));
            return secret == Secret.SHOWN ? request.storedSecretAnswer(answer) : request.storedAnswer(answer);
        };
    }

    private String checkedUrl(String url) {
        if (url == null) {
            throw ApiException.badValue("url", "must be an http or https URL");
        }
        try {
            webhooks.targets().checkAddresses(webhooks.targets().checkUrl(url));
        } catch (TargetRefusedException e) {
            if (!e.code().equals("target_unresolvable")) { // checked again before every attempt
                throw ApiException.invalid(e.code(), e.getMessage(), "url");
            }
        }
        return url;
    }

    private static List<String> enabledEvents(Params p) {
        List<String> patterns = p.strings("enabled_events");
        if (patterns.isEmpty()) {
            throw ApiException.invalid("parameter_missing", "enabled_events needs at least one event type (or \"*\")",
                    "enabled_events");
        }
        if (patterns.size() > WebhookEndpoint.ENABLED_EVENTS_MAX) {
            throw ApiException.badValue("enabled_events", "has at most " + WebhookEndpoint.ENABLED_EVENTS_MAX + " items");
        }
        try {
            EventTypePattern.typesOf(patterns);
        } catch (IllegalArgumentException e) {
            throw ApiException.badValue("enabled_events", "is invalid: " + e.getMessage());
        }
        return List.copyOf(new java.util.LinkedHashSet<>(patterns));
    }

    /** The description; an empty or blank one is none. */
    private static String description(Params p) {
        String description = p.string("description");
        if (description != null && description.isBlank()) {
            return null;
        }
        if (description != null && description.length() > WebhookEndpoint.DESCRIPTION_CHARS_MAX) {
            throw ApiException.badValue("description", "has at most " + WebhookEndpoint.DESCRIPTION_CHARS_MAX
                    + " characters");
        }
        return description;
    }

    private List<Long> eventSequences(Params p, int ledger) {
        List<String> ids = p.strings("event_ids");
        if (ids.isEmpty() || ids.size() > REPLAY_EVENT_IDS_MAX) {
            throw ApiException.badValue("event_ids", "must name 1 to " + REPLAY_EVENT_IDS_MAX + " events");
        }
        List<Long> sequences = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            long sequence = EventIds.sequenceOf(ids.get(i), ledger);
            if (sequence < 0 || StoredEvents.find(webhooks.store(), ledger, sequence) == null) {
                throw ApiException.badValue("event_ids[" + i + "]", "names no stored event (unknown, or past retention)");
            }
            sequences.add(sequence);
        }
        return sequences;
    }

    private static long instantNanos(Params p, String name, long absent) {
        String text = p.string(name);
        if (text == null) {
            return absent;
        }
        try {
            Instant at = Instant.parse(text);
            return Math.max(0, at.getEpochSecond()) * 1_000_000_000L + at.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badValue(name, "must be an RFC 3339 time such as 2026-11-23T10:00:00Z");
        }
    }
}
