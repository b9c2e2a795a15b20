package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.api.http.Route;
import dev.settle.api.http.Router;
import dev.settle.api.idempotency.Claim;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.api.version.ApiVersions;
import dev.settle.pod.PodOverloadedException;
import dev.settle.pod.PodUnavailableException;
import dev.settle.request.RequestContext;
import dev.settle.request.RequestListener;
import dev.settle.tenant.ApiKeys;
import dev.settle.tenant.Tenant;
import dev.settle.tenant.TenantRegistry;
import dev.settle.traffic.LoadSnapshot;
import dev.settle.traffic.TenantLimits;
import dev.settle.traffic.TrafficControl;
import dev.settle.traffic.TrafficRefusedException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's request pipeline, free of any HTTP server: route, authenticate, resolve the
 * version, read the body within its limit, claim the idempotency key, run the route, and turn
 * every failure into the error object (a 500 only for our own faults).
 */
public final class ApiDispatcher {
    public static final String HEADER_VERSION = "Settle-Version";
    public static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String HEADER_REPLAYED = "Idempotent-Replayed";
    public static final String HEADER_RETRY_AFTER = "Retry-After";
    /** W3C Trace Context: the caller's trace, continued by this request. */
    public static final String HEADER_TRACEPARENT = "traceparent";
    /** What a client should wait before retrying after a 503. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String BEARER = "bearer ";

    private final Router router;
    private final TenantRegistry tenants;
    private final IdempotencyKeys idempotencyKeys;
    private final byte[] adminTokenHash;
    private final BooleanSupplier accepting;
    private final TrafficControl traffic;
    private final LoadSource load;
    private final RequestListener listener;

    /** A request as the HTTP server hands it over. */
    public record Incoming(String method, String path, String rawQuery, Function<String, String> header,
            BodySource body) {}

    /** Reads a request body, refusing more than a limit. */
    @FunctionalInterface
    public interface BodySource {
        /** The body; {@link BodyTooLargeException} when it is longer than {@code bytesMax}. */
        byte[] read(int bytesMax) throws IOException;
    }

    /** Thrown by a {@link BodySource} for a body over its limit. */
    public static final class BodyTooLargeException extends IOException {
        public BodyTooLargeException() {
            super("body too large");
        }
    }

    /** The load that decides load shedding for a tenant's request (null tenant: an admin request). */
    @FunctionalInterface
    public interface LoadSource {
        LoadSnapshot of(Tenant tenant);
    }

    /** The answer and what its headers need. */
    public record Outgoing(ApiResponse response, String requestId, String apiVersion) {}

    /**
     * @param adminToken SETTLE_ADMIN_TOKEN, or null when the admin API is off
     * @param accepting false once the server is closing: non-public routes then answer 503
     * @param listener observes every request (metrics, access log, traces)
     */
    public ApiDispatcher(Router router, TenantRegistry tenants, IdempotencyKeys idempotencyKeys, String adminToken,
            BooleanSupplier accepting, TrafficControl traffic, LoadSource load, RequestListener listener) {
        this.router = router;
        this.tenants = tenants;
        this.idempotencyKeys = idempotencyKeys;
        this.adminTokenHash = adminToken == null || adminToken.isEmpty() ? null : ApiKeys.hash(adminToken);
        this.accepting = accepting;
        this.traffic = traffic;
        this.load = load;
        this.listener = listener;
    }

    public Outgoing dispatch(Incoming in) {
        RequestContext context = new RequestContext(RequestIds.next(), in.method(), System.nanoTime(),
                in.header().apply(HEADER_TRACEPARENT));
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
        Tenant tenant = authenticate(route.access(), in.header().apply("Authorization"));
        context.authenticated(tenant == null ? null : tenant.id());
        String requested = in.header().apply(HEADER_VERSION);
        version[0] = requested != null ? ApiVersions.resolve(requested)
                : tenant != null ? tenant.apiVersion() : ApiVersions.CURRENT;
        if (route.access() == Route.Access.PUBLIC) {
            return handle(in, match, null, context, version);
        }
        if (!accepting.getAsBoolean()) {
            throw new PodUnavailableException("recovering");
        }
        TenantLimits limits = tenant == null ? null : tenant.limitsOr(traffic.policy().tenantDefaults());
        try (TrafficControl.Admission admitted = traffic.admit(tenant == null ? null : (long) tenant.ledger(),
                limits, route.kind())) {
            return handle(in, match, tenant, context, version);
        }
    }

    /** Runs an admitted request: version, query, body, idempotency claim, load shedding, operation. */
    private ApiResponse handle(Incoming in, Router.Match match, Tenant tenant, RequestContext context,
            String[] version) {
        Route route = match.route();
        Map<String, String> query = parseQuery(in.rawQuery());
        boolean post = in.method().equals("POST");
        byte[] body = post ? readBody(in, route.bodyBytesMax()) : new byte[0];
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
                    body, claim);
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

    private Tenant authenticate(Route.Access access, String authorization) {
        if (access == Route.Access.PUBLIC) {
            return null;
        }
        if (access == Route.Access.ADMIN && adminTokenHash == null) {
            throw new ApiException(404, ErrorType.INVALID_REQUEST, "admin_api_disabled",
                    "the admin API is off; start the server with SETTLE_ADMIN_TOKEN set to turn it on", null);
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, ErrorType.AUTHENTICATION, "missing_api_key",
                    "no API key; send Authorization: Bearer <key>", null);
        }
        String presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : "";
        if (access == Route.Access.ADMIN) {
            if (!ApiKeys.matches(presented, adminTokenHash)) {
                throw invalidKey();
            }
            return null;
        }
        Tenant tenant = tenants.authenticate(presented);
        if (tenant == null) {
            throw invalidKey();
        }
        return tenant;
    }

    private static ApiException invalidKey() {
        return new ApiException(401, ErrorType.AUTHENTICATION, "invalid_api_key",
                "the API key is not valid (send Authorization: Bearer <key>)", null);
    }

    private static byte[] readBody(Incoming in, int bytesMax) {
        String type = in.header().apply("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiException(415, ErrorType.INVALID_REQUEST, "unsupported_media_type",
                    "send the body as Content-Type: application/json", null);
        }
        try {
            return in.body().read(bytesMax);
        } catch (BodyTooLargeException e) {
            throw new ApiException(413, ErrorType.INVALID_REQUEST, "body_too_large",
                    "the body is larger than this route's limit of " + bytesMax + " bytes", null);
        } catch (IOException e) {
            throw ApiException.invalid("body_unreadable", "the body could not be read completely", null);
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (query.put(name, value) != null) {
                throw ApiException.badValue(name, "must be given once");
            }
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_query", "the query string is not valid URL encoding", null);
        }
    }
}
