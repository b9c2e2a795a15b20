package dev.settle.api.guard;

import dev.settle.common.AddressRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the server's connections: closes a new connection from an address that already holds
 * its cap, and closes a connection whose request headers have been arriving for longer than the
 * header deadline. Jetty's idle timeout alone cannot do the second: every byte resets it, so a
 * client sending one header byte every few seconds (slowloris) would hold its socket for ever.
 *
 * <p>The deadline is checked by a sweep every {@link #SWEEP_MILLIS}: a connection is cut off at
 * most that long after its deadline. The sweep reads each HTTP/1 connection's parser state; a
 * stale read only delays a cut by one sweep. Jetty keeps its HTTP/1 connection class in an
 * {@code internal} package (public, but not promised stable): HostileClientTest fails if an
 * upgrade changes what this relies on.
 */
public final class ConnectionGuard implements Connection.Listener, AutoCloseable {
    static final long SWEEP_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final ConnectionLimits limits;
    private final List<AddressRange> trustedProxies;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, HeaderWatch> watched = new ConcurrentHashMap<>();
    private final AtomicLong refusedByAddressCap = new AtomicLong();
    private final AtomicLong cutByHeaderDeadline = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    /** When a connection's current request began to arrive, as last seen by the sweep. */
    private static final class HeaderWatch {
        long messagesIn = -1;
        long sinceNanos;
        boolean parsing;
    }

    public ConnectionGuard(ConnectionLimits limits, List<AddressRange> trustedProxies, LongSupplier nanoClock) {
        this.limits = limits;
        this.trustedProxies = List.copyOf(trustedProxies);
        this.nanoClock = nanoClock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("header-deadline")
                .factory());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.put(http, new HeaderWatch());
        }
        InetAddress address = networkAddress(connection.getEndPoint());
        if (address == null) {
            return;
        }
        int open = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (open > limits.connectionsPerAddressMax() && !trusted(address)) {
            refusedByAddressCap.incrementAndGet();
            LOG.debug("closed a connection: its address holds {} connections, the cap", open - 1);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.remove(http);
        }
        InetAddress address = networkAddress(connection.getEndPoint());
        if (address == null) {
            return;
        }
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Connections closed at once because their address held its cap. */
    public long refusedByAddressCap() {
        return refusedByAddressCap.get();
    }

    /** Connections closed because their request's headers passed the deadline. */
    public long cutByHeaderDeadline() {
        return cutByHeaderDeadline.get();
    }

    /** Open connections from {@code address}. */
    public int openFrom(InetAddress address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private void sweep() {
        try {
            long now = nanoClock.getAsLong();
            long deadline = limits.headerDeadline().toNanos();
            watched.forEach((connection, watch) -> {
                if (expired(connection, watch, now, deadline)) {
                    cutByHeaderDeadline.incrementAndGet();
                    LOG.debug("closed a connection whose request headers took longer than {}", limits.headerDeadline());
                    connection.getEndPoint().close();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("the header deadline sweep failed; it runs again shortly", e);
        }
    }

    /**
     * True when the connection has been receiving one request's headers for longer than the
     * deadline. A connection waiting for its next request (parser at start) is the idle timeout's.
     */
    private static boolean expired(HttpConnection connection, HeaderWatch watch, long now, long deadline) {
        var parser = connection.getParser();
        boolean parsing = !parser.isStart() && parser.inHeaderState();
        long messages = connection.getMessagesIn();
        if (!parsing) {
            watch.parsing = false;
            return false;
        }
        if (!watch.parsing || watch.messagesIn != messages) {
            watch.parsing = true;
            watch.messagesIn = messages;
            watch.sinceNanos = now;
            return false;
        }
        return now - watch.sinceNanos > deadline;
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The peer's address for a network connection; null for a connection layered on another (TLS). */
    private static InetAddress networkAddress(EndPoint endPoint) {
        if (!(endPoint instanceof SocketChannelEndPoint)) {
            return null;
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
