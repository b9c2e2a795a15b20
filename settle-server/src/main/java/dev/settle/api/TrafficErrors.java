package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.traffic.RateDecision;
import dev.settle.traffic.Refusal;

/**
 * The one place that turns a traffic refusal into an answer: 429 {@code rate_limit_error} for a
 * tenant over its own limits (with {@code Retry-After} and the IETF {@code RateLimit} and
 * {@code RateLimit-Policy} headers), 503 {@code api_error} when the server sheds load. Every
 * refusal happens before the request has any effect.
 */
final class TrafficErrors {
    static final String HEADER_RATE_LIMIT = "RateLimit";
    static final String HEADER_RATE_LIMIT_POLICY = "RateLimit-Policy";

    private TrafficErrors() {}

    static ApiResponse answer(Refusal refusal, String requestId) {
        return switch (refusal) {
            case Refusal.RateLimited r -> rateLimited(r.decision(), requestId);
            case Refusal.ConcurrencyLimited c -> ErrorBodies.of(new ApiException(429, ErrorType.RATE_LIMIT,
                    "too_many_concurrent_requests", "this tenant already has " + c.concurrentRequestsMax()
                            + " requests in flight, its limit; retry when one has finished", null), requestId)
                    .withHeader(ApiDispatcher.HEADER_RETRY_AFTER,
                            Integer.toString(Refusal.ConcurrencyLimited.RETRY_AFTER_SECONDS))
                    .withHeader(HEADER_RATE_LIMIT_POLICY, c.policyHeader())
                    .withHeader(HEADER_RATE_LIMIT, c.rateLimitHeader());
            case Refusal.Shed s -> unavailable("load_shed", "the server is shedding " + s.priority().wireName()
                    + " requests (" + s.reason() + "); nothing was applied; retry after a moment", requestId);
            case Refusal.FleetFull f -> unavailable("server_busy", "the server has " + f.inFlightMax()
                    + " requests in flight, its limit; nothing was applied; retry after a moment", requestId);
            case Refusal.BodyBytesTenant b -> ErrorBodies.of(new ApiException(429, ErrorType.RATE_LIMIT,
                    "too_many_body_bytes", "this tenant's request bodies in flight already hold " + b.bytesMax()
                            + " bytes, its limit; the body was not read; retry when a request has finished", null),
                    requestId).withHeader(ApiDispatcher.HEADER_RETRY_AFTER,
                            Integer.toString(Refusal.ConcurrencyLimited.RETRY_AFTER_SECONDS));
            case Refusal.BodyBytesProcess b -> unavailable("server_busy", "the server's request bodies in flight"
                    + " hold " + b.bytesMax() + " bytes, its limit; the body was not read; retry after a moment",
                    requestId);
        };
    }

    private static ApiResponse rateLimited(RateDecision d, String requestId) {
        String seconds = Long.toString(d.retryAfterSeconds());
        ApiException e = new ApiException(429, ErrorType.RATE_LIMIT, "rate_limited", "too many "
                + d.kind().wireName() + ": this tenant's limit is " + d.quotaPerSecond()
                + " per second; nothing was applied; retry after " + seconds + " s", null);
        return ErrorBodies.of(e, requestId)
                .withHeader(ApiDispatcher.HEADER_RETRY_AFTER, seconds)
                .withHeader(HEADER_RATE_LIMIT_POLICY, d.policyHeader())
                .withHeader(HEADER_RATE_LIMIT, d.rateLimitHeader());
    }

    /** A 503 the client should retry after a moment. */
    static ApiResponse unavailable(String code, String message, String requestId) {
        return ErrorBodies.of(new ApiException(503, ErrorType.API, code, message, null), requestId)
                .withHeader(ApiDispatcher.HEADER_RETRY_AFTER, ApiDispatcher.RETRY_AFTER_SECONDS);
    }
}
