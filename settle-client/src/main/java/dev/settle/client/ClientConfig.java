package dev.settle.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a {@link SettleClient}, validated together when it is built: a bad value fails
 * at once, with the value in the message (never the API key).
 *
 * @param baseUri where the API is, without {@code /v1}; no trailing slash
 * @param settleVersion the {@code Settle-Version} to send, or null for the tenant's pinned one
 * @param requestTimeout per attempt, from sending to the answer's headers
 * @param maxRetries attempts after the first, for the failures worth retrying
 * @param backoffInitialDelay the ceiling of the first retry's random delay; doubles per retry
 * @param backoffMaxDelay the largest ceiling
 */
record ClientConfig(
        URI baseUri,
        String apiKey,
        String settleVersion,
        Duration requestTimeout,
        int maxRetries,
        Duration backoffInitialDelay,
        Duration backoffMaxDelay) {
    static final URI BASE_URI_DEFAULT = URI.create("http://localhost:8080");
    static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    static final Duration REQUEST_TIMEOUT_MAX = Duration.ofMinutes(10);
    static final int MAX_RETRIES_DEFAULT = 3;
    static final int MAX_RETRIES_LIMIT = 10;
    static final Duration BACKOFF_INITIAL_DELAY_DEFAULT = Duration.ofMillis(500);
    static final Duration BACKOFF_MAX_DELAY_DEFAULT = Duration.ofSeconds(8);
    /** No backoff ceiling, and no honoured {@code Retry-After}, exceeds this. */
    static final Duration BACKOFF_DELAY_LIMIT = Duration.ofSeconds(60);

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    static {
        if (BACKOFF_INITIAL_DELAY_DEFAULT.compareTo(BACKOFF_MAX_DELAY_DEFAULT) > 0
                || BACKOFF_MAX_DELAY_DEFAULT.compareTo(BACKOFF_DELAY_LIMIT) > 0
                || MAX_RETRIES_DEFAULT > MAX_RETRIES_LIMIT
                || REQUEST_TIMEOUT_DEFAULT.compareTo(REQUEST_TIMEOUT_MAX) > 0) {
            throw new AssertionError("client defaults break their own limits");
        }
    }

    ClientConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        if (!("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme())) || baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must be an http or https URI with a host, got " + baseUri);
        }
        if (baseUri.getQuery() != null || baseUri.getFragment() != null) {
            throw new IllegalArgumentException("baseUri must have no query or fragment, got " + baseUri);
        }
        baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required (a tenant's secret key, sk_...)");
        }
        if (settleVersion != null && !VERSION.matcher(settleVersion).matches()) {
            throw new IllegalArgumentException("settleVersion must be YYYY-MM-DD, got " + settleVersion);
        }
        requireWithin("requestTimeout", requestTimeout, REQUEST_TIMEOUT_MAX);
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new IllegalArgumentException("maxRetries must be 0.." + MAX_RETRIES_LIMIT + ", got " + maxRetries);
        }
        requireWithin("backoffInitialDelay", backoffInitialDelay, BACKOFF_DELAY_LIMIT);
        requireWithin("backoffMaxDelay", backoffMaxDelay, BACKOFF_DELAY_LIMIT);
        if (backoffMaxDelay.compareTo(backoffInitialDelay) < 0) {
            throw new IllegalArgumentException("backoffMaxDelay (" + backoffMaxDelay
                    + ") must be at least backoffInitialDelay (" + backoffInitialDelay + ")");
        }
    }

    /** Without the API key, so that a logged config never leaks it. */
    @Override
    public String toString() {
        return "ClientConfig[baseUri=" + baseUri + ", apiKey=<hidden>, settleVersion=" + settleVersion
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
                + ", backoffInitialDelay=" + backoffInitialDelay + ", backoffMaxDelay=" + backoffMaxDelay + "]";
    }

    private static void requireWithin(String name, Duration value, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be more than 0 and at most " + max + ", got " + value);
        }
    }
}
