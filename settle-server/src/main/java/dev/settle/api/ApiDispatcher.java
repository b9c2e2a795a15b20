package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.guard.AuthFailureThrottle;
import dev.settle.api.guard.BodyTimeoutException;
import dev.settle.api.guard.BodyTooLargeException;
import dev.settle.api.guard.ClientAddresses;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.api.http.Route;
import dev.settle.api.http.Router;
import dev.settle.api.http.UrlEncoding;
import dev.settle.api.idempotency.Claim;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.api.version.ApiVersions;
import dev.settle.pod.PodOverloadedException;
import dev.settle.pod.PodUnavailableException;
import dev.settle.request.RequestContext;
import dev.settle.request.RequestListener;
import dev.settle.tenant.ApiKeys;
import dev.settle.tenant.Authentication;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import dev.settle.traffic.BodyBudget;
import dev.settle.traffic.LoadSnapshot;
import dev.settle.traffic.TenantLimits;
import dev.settle.traffic.TrafficControl;
import dev.settle.traffic.TrafficRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's request pipeline, free of any HTTP server: route, authenticate on the headers alone,
 * resolve the version, reserve the body's bytes and read it within its limit and deadline, then
 * admit the request (concurrency, rate), claim the idempotency key, run the route, and turn every
 * failure into the error object (a 500 only for our own faults). A body is read before admission,
 * so a client that sends slowly holds bytes of its budget, never an admission slot.
 */
public final class ApiDispatcher {
    public static final String HEADER_VERSION = "Settle-Version";
    static final String HEADER_CONTENT_TYPE = "Content-Type";
    static final String MEDIA_TYPE_FORM = "application/x-www-form-urlencoded";
    public static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String HEADER_REPLAYED = IdempotencyKeys.HEADER_REPLAYED;
    public static final String HEADER_RETRY_AFTER = "Retry-After";
    /** W3C Trace Context: the caller's trace, continued by this request. */
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** What a client should wait before retrying after a 503. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String BEARER = "bearer ";
    private static final byte[] NO_BODY = new byte[0];

    private final Router router;
    private final TenantRegistry tenants;
    private final IdempotencyKeys idempotencyKeys;
    private final byte[] adminTokenHash;
    private final BooleanSupplier accepting;
    private final TrafficControl traffic;
    private final LoadSource load;
    private final ReadFence reads;
    private final RequestListener listener;
    private final Guards guards;

    /**
     * A request as the HTTP server hands it over.
     *
     * @param peer the address of the connection's other end, or null when there is none
     * @param declaredBodyBytes the body's Content-Length, or -1 when it is not declared
     */
    public record Incoming(String method, String path, String rawQuery, Function<String, String> header,
            InetAddress peer, long declaredBodyBytes, BodySource body) {
        /** A request from no particular address, for callers without a socket (benchmarks). */
        public Incoming(String method, String path, String rawQuery, Function<String, String> header,
                BodySource body) {
            this(method, path, rawQuery, header, null, -1, body);
        }
    }

    /**
     * What protects the pipeline from hostile clients: the body byte budget, who counts as the
     * client behind a trusted proxy, and the throttle on wrong keys.
     */
    public record Guards(BodyBudget bodies, ClientAddresses clients, AuthFailureThrottle authFailures) {}

    /** Reads a request body, refusing more than a limit. */
    @FunctionalInterface
    public interface BodySource {
        /**
         * The body; {@link BodyTooLargeException} when it is longer than {@code bytesMax}, {@link
         * BodyTimeoutException} when it did not arrive within its deadline.
         */
        byte[] read(int bytesMax) throws IOException;

        /** The body as a stream of at most {@code bytesMax} bytes, for routes that stream theirs. */
        default java.io.InputStream stream(long bytesMax) throws IOException {
            throw new IOException("this request's body cannot be streamed");
        }
    }

    /** The load that decides load shedding for a tenant's request (null tenant: an admin request). */
    @FunctionalInterface
    public interface LoadSource {
        LoadSnapshot of(Tenant tenant);
    }

    /**
     * Waits until a read of the tenant's pod here sees every write acknowledged before the request
     * (a replicated pod's read index); returns at once on a single node.
     */
    public interface ReadFence {
        ReadFence NONE = new ReadFence() {
            @Override
            public void await(Tenant tenant) {}

            @Override
            public void awaitEveryPod() {}
        };

        void await(Tenant tenant);

        /**
         * Before a tenant's request is admitted: throws {@link PodUnavailableException} when the
         * tenant's pod cannot reach a majority from this node (it knows no leader, after a grace of
         * about an election), so that a cut-off node answers 503 {@code unavailable} at once
         * instead of holding the request for the log's timeout.
         */
        default void admit(Tenant tenant) {}

        /**
         * Waits until this node has applied every pod's acknowledged writes: a key created or changed
         * on another node is then known here.
         */
        void awaitEveryPod();
    }

    /** The answer and what its headers need. */
    public record Outgoing(ApiResponse response, String requestId, String apiVersion) {}

    /**
     * @param adminToken SETTLE_ADMIN_TOKEN, or null when the admin API is off
     * @param accepting false once the server is closing: non-public routes then answer 503
     * @param listener observes every request (metrics, access log, traces)
     * @param guards body budget, trusted proxies, failed-authentication throttle
     * @param reads what a tenant's read waits for first (linearizable reads on a cluster)
     */
    public ApiDispatcher(Router router, TenantRegistry tenants, IdempotencyKeys idempotencyKeys, String adminToken,
            BooleanSupplier accepting, TrafficControl traffic, LoadSource load, RequestListener listener,
            Guards guards, ReadFence reads) {
        this.router = router;
        this.tenants = tenants;
        this.idempotencyKeys = idempotencyKeys;
        this.adminTokenHash = adminToken == null || adminToken.isEmpty() ? null : ApiKeys.hash(adminToken);
        this.accepting = accepting;
        this.traffic = traffic;
        this.load = load;
        this.listener = listener;
        this.guards = guards;
        this.reads = reads;
    }

    public Outgoing dispatch(Incoming in) {
        RequestContext context = new RequestContext(RequestIds.next(), in.method(), System.nanoTime(),
                in.header().apply(HEADER_TRACEPARENT));
        ClientAddresses.Client client = guards.clients().of(in.peer(),
                in.peer() == null ? null : in.header().apply(ClientAddresses.HEADER_FORWARDED_FOR));
        context.from(client.peer(), client.forwardedFor());
        context.bind();
        listener.started(context);
        Outgoing out = null;
        try {
            out = answer(in, context);
            return out;
        } finally {
            context.answered(out == null ? ErrorBodies.INTERNAL_STATUS : out.response().status(), System.nanoTime());
            try {
                listener.completed(context);
            } finally {
                RequestContext.unbind();
            }
        }
    }

    private Outgoing answer(Incoming in, RequestContext context) {
        String requestId = context.requestId();
        String[] version = {ApiVersions.CURRENT};
        try {
            return new Outgoing(run(in, context, version), requestId, version[0]);
        } catch (Throttled e) {
            return new Outgoing(ErrorBodies.of(e.error, requestId)
                    .withHeader(HEADER_RETRY_AFTER, Long.toString(e.retryAfterSeconds)), requestId, version[0]);
        } catch (ApiException e) {
            return new Outgoing(ErrorBodies.of(e, requestId), requestId, version[0]);
        } catch (Router.MethodNotAllowed e) {
            return new Outgoing(ErrorBodies.of(e.error(), requestId).withHeader("Allow", e.allowHeader()), requestId,
                    version[0]);
        } catch (TrafficRefusedException e) {
            return new Outgoing(TrafficErrors.answer(e.refusal(), requestId), requestId, version[0]);
        } catch (PodOverloadedException e) {
            return new Outgoing(TrafficErrors.unavailable("overloaded",
                    "the tenant's pod is at its queue limit; nothing was applied; retry after a moment", requestId),
                    requestId, version[0]);
        } catch (PodUnavailableException e) {
            return new Outgoing(TrafficErrors.unavailable("unavailable",
                    "the ledger is not available; the request was not applied", requestId), requestId, version[0]);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", requestId, e);
            return new Outgoing(ErrorBodies.internal(requestId), requestId, version[0]);
        }
    }

    private ApiResponse run(Incoming in, RequestContext context, String[] version) {
        Router.Match match = router.find(in.method(), in.path());
        Route route = match.route();
        context.routed(route.label());
        Tenant tenant = authenticate(route.access(), in.header().apply("Authorization"), context);
        context.authenticated(tenant == null ? null : tenant.id());
        String requested = in.header().apply(HEADER_VERSION);
        version[0] = requested != null ? ApiVersions.resolve(requested)
                : tenant != null ? tenant.apiVersion() : ApiVersions.CURRENT;
        if (route.access() == Route.Access.PUBLIC) {
            return handle(in, match, null, context, version, NO_BODY);
        }
        if (!accepting.getAsBoolean()) {
            throw new PodUnavailableException("recovering");
        }
        if (tenant != null) {
            reads.admit(tenant);
        }
        boolean post = in.method().equals("POST");
        if (post && route.streamedBytesMax() > 0) {
            return handleStreamed(in, match, tenant, context, version);
        }
        if (post) {
            checkBodyDeclaration(in, route);
        }
        long budgetKey = tenant == null ? BodyBudget.ADMIN_KEY : tenant.ledger();
        try (BodyBudget.Reservation held = guards.bodies().reserve(budgetKey,
                post ? bytesToHold(in, route.bodyBytesMax()) : 0)) {
            byte[] body = post ? readBody(in, route.bodyBytesMax()) : NO_BODY;
            TenantLimits limits = tenant == null ? null : tenant.limitsOr(traffic.policy().tenantDefaults());
            try (TrafficControl.Admission admitted = traffic.admit(tenant == null ? null : (long) tenant.ledger(),
                    limits, route.kind())) {
                return handle(in, match, tenant, context, version, body);
            }
        }
    }

    /**
     * A request whose operation streams its body: never held by the dispatcher, so it takes no
     * body budget; its size is bounded by the route and its pace by the body deadline.
     */
    private ApiResponse handleStreamed(Incoming in, Router.Match match, Tenant tenant, RequestContext context,
            String[] version) {
        Route route = match.route();
        if (in.declaredBodyBytes() > route.streamedBytesMax()) {
            throw new ApiException(413, ErrorType.INVALID_REQUEST, "body_too_large",
                    "the body is larger than this route's limit of " + route.streamedBytesMax() + " bytes", null);
        }
        TenantLimits limits = tenant == null ? null : tenant.limitsOr(traffic.policy().tenantDefaults());
        try (TrafficControl.Admission admitted = traffic.admit(tenant == null ? null : (long) tenant.ledger(),
                limits, route.kind())) {
            Map<String, String> query = parseQuery(in.rawQuery());
            if (route.readsFirst() && tenant != null) {
                reads.await(tenant);
            }
            ApiRequest request = new ApiRequest(context.requestId(), tenant, version[0], match.pathParams(), query,
                    NO_BODY, in.header().apply(HEADER_CONTENT_TYPE), null)
                    .withBodyStream(() -> in.body().stream(route.streamedBytesMax()));
            traffic.checkShed(route.priorityOf(request), load.of(tenant));
            return route.operation().handle(request);
        }
    }

    /** Runs an admitted request: query, idempotency claim, load shedding, operation. */
    private ApiResponse handle(Incoming in, Router.Match match, Tenant tenant, RequestContext context,
            String[] version, byte[] body) {
        Route route = match.route();
        Map<String, String> query = parseQuery(in.rawQuery());
        boolean post = in.method().equals("POST");
        if (route.readsFirst() && tenant != null) {
            reads.await(tenant);
        }
        String key = post ? in.header().apply(HEADER_IDEMPOTENCY_KEY) : null;
        Claim claim = key == null ? null
                : idempotencyKeys.claim(tenant == null ? 0 : tenant.ledger(), key, in.method(), in.path(), body);
        try {
            if (claim != null && claim.replay() != null) {
                IdempotencyRecord replay = claim.replay();
                version[0] = replay.apiVersion();
                context.replayed(true);
                return new ApiResponse(replay.status(), replay.body()).withHeader(HEADER_REPLAYED, "true");
            }
            ApiRequest request = new ApiRequest(context.requestId(), tenant, version[0], match.pathParams(), query,
                    body, in.header().apply(HEADER_CONTENT_TYPE), claim);
            if (route.access() != Route.Access.PUBLIC) {
                // Replays (answered above) and resolutions of pendings are critical: shed last.
                traffic.checkShed(route.priorityOf(request), load.of(tenant));
            }
            return route.operation().handle(request);
        } finally {
            if (claim != null) {
                claim.close();
            }
        }
    }

    private Tenant authenticate(Route.Access access, String authorization, RequestContext context) {
        if (access == Route.Access.PUBLIC) {
            return null;
        }
        InetAddress client = context.clientAddress();
        if (access == Route.Access.ADMIN && adminTokenHash == null) {
            throw new ApiException(404, ErrorType.INVALID_REQUEST, "admin_api_disabled",
                    "the admin API is off; start the server with SETTLE_ADMIN_TOKEN set to turn it on", null);
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, ErrorType.AUTHENTICATION, "missing_api_key",
                    "no API key; send Authorization: Bearer <key>", null);
        }
        long wait = guards.authFailures().retryAfterSeconds(client);
        if (wait > 0) {
            throw new Throttled(new ApiException(429, ErrorType.RATE_LIMIT, "too_many_failed_authentications",
                    "too many requests from this address presented a wrong key; retry after " + wait + " s", null),
                    wait);
        }
        String presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : "";
        if (access == Route.Access.ADMIN) {
            if (!ApiKeys.matches(presented, adminTokenHash)) {
                guards.authFailures().failed(client);
                throw invalidKey();
            }
            return null;
        }
        Authentication found = tenants.authenticate(presented);
        if (found.outcome() == Authentication.Outcome.UNKNOWN && ApiKeys.isWellFormed(presented)) {
            // On a cluster, the key may have been created on another node a moment ago: catch up once.
            reads.awaitEveryPod();
            found = tenants.authenticate(presented);
        }
        if (!found.valid()) {
            // Revoked, expired and deactivated count too: whoever keeps presenting them is throttled.
            guards.authFailures().failed(client);
            throw refused(found.outcome());
        }
        return found.tenant();
    }

    /**
     * Why a key is refused. Only a caller holding a key that once worked learns more than
     * {@code invalid_api_key}; a guessed key or a keyless caller learns nothing of any tenant.
     */
    private static ApiException refused(Authentication.Outcome outcome) {
        return switch (outcome) {
            case UNKNOWN, VALID -> invalidKey();
            case REVOKED -> new ApiException(401, ErrorType.AUTHENTICATION, "api_key_revoked",
                    "the API key was revoked; use another key of the tenant", null);
            case EXPIRED -> new ApiException(401, ErrorType.AUTHENTICATION, "api_key_expired",
                    "the API key was rolled and has expired; use the key that replaced it", null);
            case TENANT_DEACTIVATED -> new ApiException(401, ErrorType.AUTHENTICATION, "tenant_deactivated",
                    "the API key's tenant is deactivated; the operator can reactivate it", null);
        };
    }

    /** A refusal that tells the client when to come back. */
    private static final class Throttled extends RuntimeException {
        private final ApiException error;
        private final long retryAfterSeconds;

        Throttled(ApiException error, long retryAfterSeconds) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static ApiException invalidKey() {
        return new ApiException(401, ErrorType.AUTHENTICATION, "invalid_api_key",
                "the API key is not valid (send Authorization: Bearer <key>)", null);
    }

    /**
     * Refuses, before anything is held or read, a body of the wrong type or declared too large.
     * A body declared empty needs no type: it has nothing to interpret (an action without
     * parameters, such as revoking a key, is a bare POST).
     */
    private static void checkBodyDeclaration(Incoming in, Route route) {
        int bytesMax = route.bodyBytesMax();
        String type = in.header().apply(HEADER_CONTENT_TYPE);
        if (type == null && in.declaredBodyBytes() == 0) {
            return;
        }
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean form = route.acceptsForms() && mediaType.equals(MEDIA_TYPE_FORM);
        if (!mediaType.equals("application/json") && !form) {
            throw new ApiException(415, ErrorType.INVALID_REQUEST, "unsupported_media_type",
                    route.acceptsForms() ? "send the body as Content-Type: application/json or " + MEDIA_TYPE_FORM
                            : "send the body as Content-Type: application/json", null);
        }
        if (in.declaredBodyBytes() > bytesMax) {
            throw tooLarge(bytesMax);
        }
    }

    /** The bytes a body may occupy: its declared length, or the route's limit when it declares none. */
    private static long bytesToHold(Incoming in, int bytesMax) {
        return in.declaredBodyBytes() >= 0 ? in.declaredBodyBytes() : bytesMax;
    }

    private static ApiException tooLarge(int bytesMax) {
        return new ApiException(413, ErrorType.INVALID_REQUEST, "body_too_large",
                "the body is larger than this route's limit of " + bytesMax + " bytes", null);
    }

    private static byte[] readBody(Incoming in, int bytesMax) {
        try {
            return in.body().read(bytesMax);
        } catch (BodyTooLargeException e) {
            throw tooLarge(bytesMax);
        } catch (BodyTimeoutException e) {
            throw new ApiException(408, ErrorType.INVALID_REQUEST, "body_timeout", "the body did not arrive within "
                    + e.deadlineMillis() + " ms (its size at the server's minimum rate, plus a grace period)", null);
        } catch (IOException e) {
            throw ApiException.invalid("body_unreadable", "the body could not be read completely", null);
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new LinkedHashMap<>();
        UrlEncoding.forEachPair(raw, "invalid_query", "the query string", (name, value) -> {
            if (query.put(name, value) != null) {
                throw ApiException.badValue(name, "must be given once");
            }
        });
        return query;
    }
}
