package dev.settle.bench.http;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * One independent stream of traffic for {@link OpenLoopBench}: a tenant sending
 * {@code POST /v1/transfers} at a fixed rate, whatever the server answers, between accounts it
 * creates for itself with its own key before the clock starts. Every value is checked here, so a
 * bad one fails before the first connection.
 *
 * @param name names the group in the result's JSON and in progress lines: lower-case letters,
 *     digits, {@code _} and {@code -}, 1..{@value #NAME_CHARS_MAX} characters
 * @param baseUri the server, {@code http://host:port} (plain http only; a base path is allowed)
 * @param apiKey the tenant's secret key, sent as {@code Authorization: Bearer}; never printed
 * @param ratePerSecond requests sent per second on a fixed schedule (open loop),
 *     {@value #RATE_PER_SECOND_MIN}..{@value #RATE_PER_SECOND_MAX}
 * @param connectionsMax the most connections the group opens, 1..{@value #CONNECTIONS_MAX}; each
 *     carries one request at a time, and more are opened only while requests wait for one
 * @param accounts accounts the group creates for its transfers,
 *     {@value HttpBenchConfig#ACCOUNTS_MIN}..{@value HttpBenchConfig#ACCOUNTS_MAX}; the server makes
 *     their ids, so they never collide with another group's or an earlier run's
 */
public record TrafficGroup(String name, URI baseUri, String apiKey, double ratePerSecond, int connectionsMax,
        int accounts) {
    static final int NAME_CHARS_MAX = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1," + NAME_CHARS_MAX + "}");
    /** Below one request a second a measured window of a few seconds would hold hardly any. */
    public static final double RATE_PER_SECOND_MIN = 1;
    /** Far beyond what one generator thread can send; the bound keeps the schedule's arithmetic exact. */
    public static final double RATE_PER_SECOND_MAX = 1_000_000;
    /**
     * The closed loop's limit: each connection holds its request, its answer and an 8 KiB line
     * buffer, allocated up front (about 3 MiB for a group at the limit). A server keeps up with a
     * group only if rate times latency stays below its connections; beyond that the group's
     * backlog, send delay and drops say so.
     */
    public static final int CONNECTIONS_MAX = HttpBenchConfig.CONNECTIONS_MAX;
    /** Enough for transfers to spread over many account pairs; a group's setup stays well under a second. */
    public static final int ACCOUNTS_DEFAULT = 100;

    public TrafficGroup {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a traffic group's name must be 1.." + NAME_CHARS_MAX
                    + " of a-z, 0-9, _ and -, got " + (name == null ? "none" : "\"" + name + "\""));
        }
        HttpTarget.requireValidBaseUri(baseUri);
        HttpTarget.requireValidApiKey(apiKey);
        if (!(ratePerSecond >= RATE_PER_SECOND_MIN && ratePerSecond <= RATE_PER_SECOND_MAX)) {
            throw new IllegalArgumentException("group " + name + ": rate must be " + RATE_PER_SECOND_MIN + ".."
                    + RATE_PER_SECOND_MAX + " requests/s, got " + ratePerSecond);
        }
        if (connectionsMax < 1 || connectionsMax > CONNECTIONS_MAX) {
            throw new IllegalArgumentException("group " + name + ": connections must be 1.." + CONNECTIONS_MAX
                    + ", got " + connectionsMax);
        }
        if (accounts < HttpBenchConfig.ACCOUNTS_MIN || accounts > HttpBenchConfig.ACCOUNTS_MAX) {
            throw new IllegalArgumentException("group " + name + ": accounts must be " + HttpBenchConfig.ACCOUNTS_MIN
                    + ".." + HttpBenchConfig.ACCOUNTS_MAX + ", got " + accounts);
        }
    }

    /** Nanoseconds between two scheduled requests of the group. */
    double intervalNanos() {
        return 1e9 / ratePerSecond;
    }

    /** Leaves the key out: a record's generated toString would print it. */
    @Override
    public String toString() {
        return "TrafficGroup[name=" + name + ", baseUri=" + baseUri + ", apiKey=***, ratePerSecond=" + ratePerSecond
                + ", connectionsMax=" + connectionsMax + ", accounts=" + accounts + "]";
    }
}
