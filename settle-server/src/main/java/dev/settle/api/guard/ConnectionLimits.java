package dev.settle.api.guard;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How long and how much a client may hold the HTTP server before it has earned an answer: the
 * deadlines for a request's headers and body, and the caps on open connections, in all and per
 * client address. docs/security.md explains each; docs/operations.md lists the options.
 *
 * @param idleTimeout a connection that sends and receives nothing this long is closed
 * @param headerDeadline from a request's first byte to the end of its headers; a client that
 *     trickles headers (slowloris) is cut off when it passes, however often it sends a byte
 * @param bodyGrace what every body gets on top of its transfer time at the minimum rate
 * @param bodyBytesPerSecondMin the slowest average rate a body may arrive at: a body of n bytes
 *     must be complete within {@code bodyGrace + n / bodyBytesPerSecondMin}, or the request is
 *     answered 408 and its connection closed
 * @param connectionsMax open connections, all clients together: beyond it the server stops
 *     accepting until one closes, so sockets can never exhaust the process's file descriptors
 * @param connectionsPerAddressMax open connections from one client address (trusted proxies
 *     exempt): beyond it a new connection is closed at once
 */
public record ConnectionLimits(Duration idleTimeout, Duration headerDeadline, Duration bodyGrace,
        long bodyBytesPerSecondMin, int connectionsMax, int connectionsPerAddressMax) {
    public static final Duration IDLE_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final Duration HEADER_DEADLINE_DEFAULT = Duration.ofSeconds(10);
    public static final Duration BODY_GRACE_DEFAULT = Duration.ofSeconds(10);
    /** 64 KiB/s: a 4 MiB batch may take 10 s + 64 s; any server-side client sends far faster. */
    public static final long BODY_BYTES_PER_SECOND_MIN_DEFAULT = 64 * 1024;
    /** The ceiling of the default connection cap; more needs a deliberate setting. */
    public static final int CONNECTIONS_MAX_CEILING = 16_384;
    /** Connections per address by default: never more than a quarter of all, so one address cannot take all. */
    public static final int CONNECTIONS_PER_ADDRESS_MAX_CEILING = 1_024;
    /** File descriptors kept for the store, logs and outgoing webhooks: connections get at most half. */
    static final int FD_SHARE_FOR_CONNECTIONS_DIVISOR = 2;
    static final int PER_ADDRESS_SHARE_DIVISOR = 4;
    /** Without a known descriptor limit, assume the common soft limit. */
    static final long FD_LIMIT_UNKNOWN = 1_024;

    public ConnectionLimits {
        requirePositive("idle timeout", idleTimeout);
        requirePositive("header deadline", headerDeadline);
        requirePositive("body grace", bodyGrace);
        if (bodyBytesPerSecondMin < 1) {
            throw new IllegalArgumentException("the minimum body rate must be at least 1 byte/s");
        }
        if (connectionsMax < 1 || connectionsPerAddressMax < 1 || connectionsPerAddressMax > connectionsMax) {
            throw new IllegalArgumentException("connection caps must be positive with per-address <= total, got "
                    + connectionsPerAddressMax + " per address, " + connectionsMax + " in all");
        }
    }

    /** The defaults, with the connection caps derived from the process's file descriptor limit. */
    public static ConnectionLimits defaults() {
        int total = connectionsMaxFor(fileDescriptorLimit());
        return new ConnectionLimits(IDLE_TIMEOUT_DEFAULT, HEADER_DEADLINE_DEFAULT, BODY_GRACE_DEFAULT,
                BODY_BYTES_PER_SECOND_MIN_DEFAULT, total, connectionsPerAddressMaxFor(total));
    }

    /** Half the descriptors, at most {@link #CONNECTIONS_MAX_CEILING}. */
    public static int connectionsMaxFor(long fileDescriptors) {
        return (int) Math.max(1, Math.min(CONNECTIONS_MAX_CEILING, fileDescriptors / FD_SHARE_FOR_CONNECTIONS_DIVISOR));
    }

    /** A quarter of all connections, at most {@link #CONNECTIONS_PER_ADDRESS_MAX_CEILING}. */
    public static int connectionsPerAddressMaxFor(int connectionsMax) {
        return Math.max(1, Math.min(CONNECTIONS_PER_ADDRESS_MAX_CEILING, connectionsMax / PER_ADDRESS_SHARE_DIVISOR));
    }

    /** The latest a body of {@code bytes} may complete, counted from when its reading began. */
    public long bodyDeadlineNanos(long bytes) {
        long transferNanos = bytes >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE / 2
                : bytes * 1_000_000_000L / bodyBytesPerSecondMin;
        return bodyGrace.toNanos() + transferNanos;
    }

    public ConnectionLimits withDeadlines(Duration header, Duration grace, long bytesPerSecondMin) {
        return new ConnectionLimits(idleTimeout, header, grace, bytesPerSecondMin, connectionsMax,
                connectionsPerAddressMax);
    }

    public ConnectionLimits withConnections(int total, int perAddress) {
        return new ConnectionLimits(idleTimeout, headerDeadline, bodyGrace, bodyBytesPerSecondMin, total, perAddress);
    }

    /** The process's soft limit on open files, or {@link #FD_LIMIT_UNKNOWN} where the JVM cannot tell. */
    static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return FD_LIMIT_UNKNOWN;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive");
        }
    }
}
