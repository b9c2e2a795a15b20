package dev.settle.request;

import dev.settle.ledger.UInt128;
import java.net.InetAddress;

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
    private RouteLabel route;
    private UInt128 tenantId;
    private int status;
    private long durationNanos;
    private boolean replayed;
    private String traceId;
    private InetAddress peer;
    private InetAddress forwardedFor;

    /** Created by the dispatcher when a request arrives. */
    public RequestContext(String requestId, String method, long startedNanos, String traceparent) {
        this.requestId = requestId;
        this.method = method;
        this.startedNanos = startedNanos;
        this.traceparent = traceparent;
    }

    /** The request the calling thread is answering, or null. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    /** Makes it the calling thread's current request (the dispatcher, for the request's duration). */
    public void bind() {
        CURRENT.set(this);
    }

    /** The calling thread answers no request any more. */
    public static void unbind() {
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

    /** The matched route's label, or null (404, 405, or not yet routed). */
    public RouteLabel route() {
        return route;
    }

    /** The route's template ({@code /v1/transfers/{id}}), or {@link #ROUTE_UNMATCHED}: a label with few values. */
    public String routeTemplate() {
        return route == null ? ROUTE_UNMATCHED : route.template();
    }

    /** The id of the authenticated tenant, or null (public and admin routes, refused keys). */
    public UInt128 tenantId() {
        return tenantId;
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

    /** Set by the dispatcher once the request matched a route. */
    /** Where the request came from: the connection's peer and, behind a trusted proxy, the client it named. */
    public void from(InetAddress peerAddress, InetAddress forwardedClient) {
        this.peer = peerAddress;
        this.forwardedFor = forwardedClient;
    }

    /** The connection's peer, or null when unknown. */
    public InetAddress peerAddress() {
        return peer;
    }

    /** The client a trusted proxy forwarded for, or null. */
    public InetAddress forwardedFor() {
        return forwardedFor;
    }

    /** The address limits apply to: the forwarded client behind a trusted proxy, else the peer. */
    public InetAddress clientAddress() {
        return forwardedFor != null ? forwardedFor : peer;
    }

    public void routed(RouteLabel matched) {
        this.route = matched;
    }

    /** Set by the dispatcher once the key named a tenant (null: none). */
    public void authenticated(UInt128 who) {
        this.tenantId = who;
    }

    /** Set by the dispatcher when it answers with a stored answer. */
    public void replayed(boolean value) {
        this.replayed = value;
    }

    /** Set by the dispatcher when the answer is ready. */
    public void answered(int answerStatus, long endedNanos) {
        this.status = answerStatus;
        this.durationNanos = endedNanos - startedNanos;
    }
}
