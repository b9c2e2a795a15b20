package dev.settle.api;

import dev.settle.tenant.Tenant;

/**
 * What the observers of one request (metrics, access log, traces) learn about it as the
 * dispatcher goes: created when it arrives, given its route and tenant once known, its status
 * when answered. One per request, used on the request's own thread only.
 */
public final class RequestContext {
    /** The route label of a request that matched no route (bounded, unlike its path). */
    public static final String ROUTE_UNMATCHED = "unmatched";
    /**
     * The request the calling thread is answering, for log lines written meanwhile. One
     * thread-local instead of Logback's MDC, which creates and copies maps on every request's
     * new virtual thread (docs/benchmarks.md, "Observability").
     */
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private final String method;
    private final long startedNanos;
    private final String traceparent;
    private Route route;
    private Tenant tenant;
    private int status;
    private long durationNanos;
    private boolean replayed;
    private String traceId;

    RequestContext(String requestId, String method, long startedNanos, String traceparent) {
        this.requestId = requestId;
        this.method = method;
        this.startedNanos = startedNanos;
        this.traceparent = traceparent;
    }

    /** The request the calling thread is answering, or null. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    static void unbind() {
        CURRENT.remove();
    }

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** When the dispatcher received it ({@link System#nanoTime}). */
    public long startedNanos() {
        return startedNanos;
    }

    /** The W3C {@code traceparent} header as sent, or null. */
    public String traceparent() {
        return traceparent;
    }

    /** The matched route, or null (404, 405, or not yet routed). */
    public Route route() {
        return route;
    }

    /** The route's template ({@code /v1/transfers/{id}}), or {@link #ROUTE_UNMATCHED}: a label with few values. */
    public String routeTemplate() {
        return route == null ? ROUTE_UNMATCHED : route.template();
    }

    /** The authenticated tenant, or null (public and admin routes, refused keys). */
    public Tenant tenant() {
        return tenant;
    }

    public int status() {
        return status;
    }

    /** From arrival to the answer being ready (before its bytes are written). */
    public long durationNanos() {
        return durationNanos;
    }

    /** True when the answer was an idempotent replay of a stored one. */
    public boolean replayed() {
        return replayed;
    }

    /** The id of the trace it belongs to (32 lowercase hex digits), or null when it is not traced. */
    public String traceId() {
        return traceId;
    }

    /** Set by the tracing listener when it starts: from {@code traceparent}, or a new trace. */
    public void traceId(String id) {
        this.traceId = id;
    }

    void routed(Route matched) {
        this.route = matched;
    }

    void authenticated(Tenant who) {
        this.tenant = who;
    }

    void replayed(boolean value) {
        this.replayed = value;
    }

    void answered(int answerStatus, long endedNanos) {
        this.status = answerStatus;
        this.durationNanos = endedNanos - startedNanos;
    }
}
