package dev.settle.api.http;

import dev.settle.request.RouteLabel;
import dev.settle.traffic.Priority;
import dev.settle.traffic.RequestKind;
import java.util.List;
import java.util.function.Predicate;

/**
 * One operation: method, path template ({@code /v1/accounts/{id}}), who may call it, its body
 * limit and its handler. The template is split once, here, not per request.
 */
public final class Route {
    /** The body limit of ordinary requests. */
    public static final int BODY_BYTES_DEFAULT = 64 * 1024;

    /** Who may call a route. */
    public enum Access { PUBLIC, TENANT, ADMIN }

    /** The code behind a route. */
    @FunctionalInterface
    public interface Operation {
        ApiResponse handle(ApiRequest request);
    }

    private final String method;
    private final String template;
    private final Access access;
    private final int bodyBytesMax;
    private final Operation operation;
    private final List<String> segments;
    private final Priority priority;
    private final Predicate<ApiRequest> critical;
    private final RouteLabel label;
    private final boolean acceptsForms;
    private final boolean readsFirst;
    private final long streamedBytesMax;

    /**
     * A route whose load-shedding class follows from its method and access: admin calls are
     * bulk, reads are reads, other writes normal.
     */
    public Route(String method, String template, Access access, int bodyBytesMax, Operation operation) {
        this(method, template, access, bodyBytesMax, operation,
                access == Access.ADMIN ? Priority.BULK : method.equals("GET") ? Priority.READ : Priority.NORMAL, null,
                false, false, 0);
    }

    private Route(String method, String template, Access access, int bodyBytesMax, Operation operation,
            Priority priority, Predicate<ApiRequest> critical, boolean acceptsForms, boolean readsFirst,
            long streamedBytesMax) {
        this.method = method;
        this.template = template;
        this.access = access;
        this.bodyBytesMax = bodyBytesMax;
        this.operation = operation;
        this.segments = List.of(template.substring(1).split("/"));
        this.priority = priority;
        this.critical = critical;
        this.label = new RouteLabel(method, template);
        this.acceptsForms = acceptsForms;
        this.readsFirst = readsFirst;
        this.streamedBytesMax = streamedBytesMax;
    }

    /** The same route in another load-shedding class (batches are bulk). */
    public Route withPriority(Priority newPriority) {
        return new Route(method, template, access, bodyBytesMax, operation, newPriority, critical, acceptsForms,
                readsFirst, streamedBytesMax);
    }

    /**
     * The same route, taking form bodies ({@code application/x-www-form-urlencoded}) beside JSON:
     * the payments routes, which Stripe's client libraries call with forms.
     */
    public Route withForms() {
        return new Route(method, template, access, bodyBytesMax, operation, priority, critical, true, readsFirst,
                streamedBytesMax);
    }

    /**
     * The same route, whose writes decide from what they read first (a payment's next step from
     * its intent): on a cluster they wait for the read index as GETs do, so that they see every
     * write acknowledged before them, wherever it was made.
     */
    public Route readingFirst() {
        return new Route(method, template, access, bodyBytesMax, operation, priority, critical, acceptsForms, true,
                streamedBytesMax);
    }

    /**
     * The same route, whose body (any media type, up to {@code bytesMax}) its operation reads as
     * a stream instead of the dispatcher holding it whole: statement files of up to a gigabyte.
     */
    public Route streaming(long bytesMax) {
        return new Route(method, template, access, 0, operation, priority, critical, acceptsForms, readsFirst,
                bytesMax);
    }

    /** The streamed body's limit, or 0 when the route's body is read whole. */
    public long streamedBytesMax() {
        return streamedBytesMax;
    }

    /** True for every request but a POST (reads, deletes), and for POSTs that read first ({@link #readingFirst}). */
    public boolean readsFirst() {
        return readsFirst || !method.equals("POST");
    }

    public boolean acceptsForms() {
        return acceptsForms;
    }

    /** The same route, critical for requests that {@code test} accepts (resolving a pending transfer). */
    public Route criticalWhen(Predicate<ApiRequest> test) {
        return new Route(method, template, access, bodyBytesMax, operation, priority, test, acceptsForms,
                readsFirst, streamedBytesMax);
    }

    /** The load-shedding class of a request on this route. */
    public Priority priorityOf(ApiRequest request) {
        return critical != null && critical.test(request) ? Priority.CRITICAL : priority;
    }

    /** Which rate budget its requests take. */
    public RequestKind kind() {
        return method.equals("GET") ? RequestKind.READ : RequestKind.WRITE;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    /** Its method and template, for the observers of its requests. */
    public RouteLabel label() {
        return label;
    }

    public Access access() {
        return access;
    }

    public int bodyBytesMax() {
        return bodyBytesMax;
    }

    public Operation operation() {
        return operation;
    }

    List<String> segments() {
        return segments;
    }
}
