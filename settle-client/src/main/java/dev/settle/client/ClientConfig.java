package dev.settle.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of a {@link SettleClient}, validated together when it is built: a bad value fails
 * at once, with the value in the message (never the API key).
 *
 * @param baseUris the nodes of the cluster (one for a single server), each where the API is,
 *     without {@code /v1} and without a trailing slash; distinct, in the caller's order
 * @param settleVersion the {@code Settle-Version} to send, or null for the tenant's pinned one
 * @param requestTimeout per attempt, from sending to the answer's headers
 * @param maxRetries attempts after the first, for the failures worth retrying
 * @param backoffInitialDelay the ceiling of the first retry's random delay; doubles per retry
 * @param backoffMaxDelay the largest ceiling
 */
record ClientConfig(
        List<URI> baseUris,
        String apiKey,
        String settleVersion,
        Duration requestTimeout,
        int maxRetries,
        Duration backoffInitialDelay,
        Duration backoffMaxDelay) {
    static final URI BASE_URI_DEFAULT = URI.create("http://localhost:8080");
    /** A cluster has at most nine nodes (docs/replication.md). */
    static final int BASE_URIS_MAX = 9;
    /**
     * How long a node that gave no answer (or said it cannot reach a majority) is passed over by
     * the calls that follow: about the server's own 5 s majority timeout, long enough to spare the
     * calls behind it, short enough that a node back up gets traffic again at once.
     */
    static final Duration NODE_SUSPECT_DURATION = Duration.ofSeconds(5);
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
        baseUris = validBaseUris(baseUris);
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
        return "ClientConfig[baseUris=" + baseUris + ", apiKey=<hidden>, settleVersion=" + settleVersion
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
                + ", backoffInitialDelay=" + backoffInitialDelay + ", backoffMaxDelay=" + backoffMaxDelay + "]";
    }

    /** The URIs without trailing slashes, once each; every refusal names the URI at fault. */
    private static List<URI> validBaseUris(List<URI> uris) {
        Objects.requireNonNull(uris, "baseUris");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("baseUris must name at least one node, got none");
        }
        if (uris.size() > BASE_URIS_MAX) {
            throw new IllegalArgumentException("baseUris must name at most " + BASE_URIS_MAX
                    + " nodes (the largest cluster), got " + uris.size());
        }
        List<URI> valid = new ArrayList<>(uris.size());
        Set<URI> seen = new HashSet<>();
        for (URI uri : uris) {
            URI normalized = validBaseUri(uri);
            if (!seen.add(normalized)) {
                throw new IllegalArgumentException("baseUris must name each node once, got " + normalized + " twice");
            }
            valid.add(normalized);
        }
        return List.copyOf(valid);
    }

    private static URI validBaseUri(URI uri) {
        Objects.requireNonNull(uri, "baseUris holds a null");
        String authority = uri.getRawAuthority();
        if (authority != null && authority.contains("@")) {
            // Said without the user info, which may be a password. The authority is read raw: a
            // host the URI parser cannot read leaves getUserInfo() null.
            throw new IllegalArgumentException("baseUri must carry no user info (the API key goes in apiKey), got "
                    + uri.getScheme() + "://...@" + authority.substring(authority.lastIndexOf('@') + 1));
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must be an absolute http or https URI with a host, got " + uri);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("baseUri must have no query or fragment, got " + uri);
        }
        return URI.create(uri.toString().replaceAll("/+$", ""));
    }

    private static void requireWithin(String name, Duration value, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be more than 0 and at most " + max + ", got " + value);
        }
    }
}
