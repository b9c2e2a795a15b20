package dev.settle.api.events;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.events.Event;
import dev.settle.events.EventIds;
import dev.settle.events.EventType;
import dev.settle.events.EventTypePattern;
import dev.settle.events.StoredEvents;
import dev.settle.store.LedgerStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /v1/events} (newest first, filtered by type, cursor-paginated) and
 * {@code GET /v1/events/{id}}. Events are kept for the retention period (30 days by default).
 */
public final class EventsResource {
    private static final Set<String> FILTER_PARAMS = Set.of("type", "types");
    private final LedgerStore store;
    private final EventViews views;

    public EventsResource(LedgerStore store, EventViews views) {
        this.store = store;
        this.views = views;
    }

    public ApiResponse list(ApiRequest request) {
        Pagination page = Pagination.of(request, FILTER_PARAMS);
        Set<EventType> types = types(request);
        Predicate<Event> filter = e -> types.contains(e.type());
        int ledger = request.tenant().ledger();
        int limit = page.limit();
        List<Event> found;
        if (page.endingBefore() != null) {
            // The events just newer than the cursor; has_more says whether newer ones remain.
            found = StoredEvents.after(store, ledger, cursor(page.endingBefore(), ledger, "ending_before"), limit + 1,
                    filter);
            boolean hasMore = found.size() > limit;
            List<Event> newestFirst = new ArrayList<>(hasMore ? found.subList(0, limit) : found);
            Collections.reverse(newestFirst);
            return page(request, newestFirst, hasMore);
        }
        long before = page.startingAfter() == null ? Long.MAX_VALUE
                : cursor(page.startingAfter(), ledger, "starting_after");
        found = StoredEvents.before(store, ledger, before, limit + 1, filter);
        boolean hasMore = found.size() > limit;
        return page(request, hasMore ? found.subList(0, limit) : found, hasMore);
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(Set.of());
        return request.json(200, views.event(find(request), request.apiVersion()));
    }

    /** The event named by the path's {@code id}; 404 for an unknown, expired or another tenant's event. */
    public Event find(ApiRequest request) {
        int ledger = request.tenant().ledger();
        long sequence = EventIds.sequenceOf(request.pathParam("id"), ledger);
        Event event = sequence < 0 ? null : StoredEvents.find(store, ledger, sequence);
        if (event == null) {
            throw ApiException.notFound("event", "id");
        }
        return event;
    }

    private ApiResponse page(ApiRequest request, List<Event> events, boolean hasMore) {
        List<Object> data = new ArrayList<>(events.size());
        for (Event e : events) {
            data.add(views.event(e, request.apiVersion()));
        }
        return request.json(200, Views.list(data, hasMore));
    }

    private static long cursor(String id, int ledger, String param) {
        long sequence = EventIds.sequenceOf(id, ledger);
        if (sequence < 0) {
            throw Pagination.unknownCursor(param);
        }
        return sequence;
    }

    /** The types to list: {@code type} (one pattern) and {@code types} (comma-separated), else all. */
    private static Set<EventType> types(ApiRequest request) {
        String type = request.query("type");
        String types = request.query("types");
        if (type == null && types == null) {
            return EnumSet.allOf(EventType.class);
        }
        Set<EventType> named = EnumSet.noneOf(EventType.class);
        if (type != null) {
            named.addAll(patterns("type", List.of(type)));
        }
        if (types != null) {
            named.addAll(patterns("types", Arrays.asList(types.split(",", -1))));
        }
        return named;
    }

    private static Set<EventType> patterns(String param, List<String> patterns) {
        try {
            return EventTypePattern.typesOf(patterns);
        } catch (IllegalArgumentException e) {
            throw ApiException.badValue(param, "is invalid: " + e.getMessage());
        }
    }
}
