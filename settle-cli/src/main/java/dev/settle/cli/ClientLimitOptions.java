package dev.settle.cli;

import dev.settle.api.guard.ClientLimits;
import dev.settle.api.guard.ConnectionLimits;
import dev.settle.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code settle serve} that bound what one client may hold (docs/security.md):
 * deadlines, connections, body bytes in flight, trusted proxies. Each is checked by {@link
 * ServerConfig.Builder#build}; unset, each keeps its default (the connection caps follow the
 * process's file descriptor limit, the body budgets its heap).
 */
final class ClientLimitOptions {
    @Option(names = "--header-deadline-seconds", paramLabel = "SECONDS", description = {
            "A request's headers must arrive within this long of its first byte, or the connection is",
            "closed (default: 10)."})
    Integer headerDeadlineSeconds;

    @Option(names = "--body-grace-seconds", paramLabel = "SECONDS", description = {
            "Every body gets this long on top of its size at --body-min-rate-kib (default: 10)."})
    Integer bodyGraceSeconds;

    @Option(names = "--body-min-rate-kib", paramLabel = "KIB", description = {
            "The slowest average rate, in KiB/s, a body may arrive at; slower: 408 and the connection",
            "closes (default: 64)."})
    Integer bodyMinRateKib;

    @Option(names = "--connections-max", paramLabel = "N", description = {
            "Open connections in all; beyond it the server stops accepting until one closes",
            "(default: half the open-file limit, at most " + ConnectionLimits.CONNECTIONS_MAX_CEILING + ")."})
    Integer connectionsMax;

    @Option(names = "--connections-per-address-max", paramLabel = "N", description = {
            "Open connections from one client address; beyond it a new one is closed at once",
            "(default: a quarter of --connections-max, at most "
                    + ConnectionLimits.CONNECTIONS_PER_ADDRESS_MAX_CEILING + "; trusted proxies are exempt)."})
    Integer connectionsPerAddressMax;

    @Option(names = "--body-bytes-in-flight-mib", paramLabel = "MIB", description = {
            "Request bodies held at once, all requests together; beyond it 503 before reading",
            "(default: a sixteenth of the heap, at least 16)."})
    Long bodyBytesInFlightMib;

    @Option(names = "--tenant-body-bytes-in-flight-mib", paramLabel = "MIB", description = {
            "Request bodies one tenant holds at once; beyond it 429 before reading",
            "(default: a quarter of --body-bytes-in-flight-mib, 4..64)."})
    Long tenantBodyBytesInFlightMib;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", description = {
            "A reverse proxy (address or CIDR block, repeatable) whose X-Forwarded-For names the client",
            "for the access log and the failed-key throttle (default: none, the header is ignored)."})
    List<String> trustedProxies = new ArrayList<>();

    /** Sets on {@code config} what was given; what was not keeps its default. */
    void applyTo(ServerConfig.Builder config) {
        ClientLimits defaults = ClientLimits.defaults(ServerConfig.LARGEST_BODY_BYTES);
        ConnectionLimits connections = defaults.connections();
        if (headerDeadlineSeconds != null || bodyGraceSeconds != null || bodyMinRateKib != null) {
            config.deadlines(orDefault(headerDeadlineSeconds, connections.headerDeadline().toSeconds()),
                    orDefault(bodyGraceSeconds, connections.bodyGrace().toSeconds()),
                    orDefault(bodyMinRateKib, connections.bodyBytesPerSecondMin() / 1024));
        }
        if (connectionsMax != null || connectionsPerAddressMax != null) {
            int total = connectionsMax != null ? connectionsMax : connections.connectionsMax();
            config.connections(total, connectionsPerAddressMax != null ? connectionsPerAddressMax
                    : ConnectionLimits.connectionsPerAddressMaxFor(total));
        }
        if (bodyBytesInFlightMib != null || tenantBodyBytesInFlightMib != null) {
            long process = bodyBytesInFlightMib != null ? bodyBytesInFlightMib
                    : defaults.bodyBytesInFlightMax() / ClientLimits.MIB;
            config.bodyBytesInFlightMib(process, tenantBodyBytesInFlightMib != null ? tenantBodyBytesInFlightMib
                    : Math.min(process, defaults.tenantBodyBytesInFlightMax() / ClientLimits.MIB));
        }
        if (!trustedProxies.isEmpty()) {
            config.trustedProxies(trustedProxies);
        }
    }

    private static int orDefault(Integer given, long fallback) {
        return given != null ? given : (int) fallback;
    }
}
