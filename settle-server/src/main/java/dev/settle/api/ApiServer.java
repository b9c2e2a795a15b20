package dev.settle.api;

import dev.settle.api.guard.ConnectionGuard;
import dev.settle.api.guard.ConnectionLimits;
import dev.settle.api.tls.HandshakeDeadline;
import dev.settle.api.tls.TlsConnections;
import dev.settle.api.tls.TlsIdentity;
import dev.settle.common.AddressRange;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: Jetty 12 core, handlers on virtual threads (docs/decisions/0003), plain HTTP/1.1
 * or HTTPS with HTTP/2 (docs/decisions/0011). Stopping is graceful: it stops accepting, lets
 * in-flight requests finish (up to a limit), then closes.
 */
public final class ApiServer implements AutoCloseable {
    /** How long a stop waits for in-flight requests. */
    public static final long STOP_TIMEOUT_MILLIS = 30_000;
    /** Request line and headers; generous for bearer keys and idempotency keys. */
    static final int REQUEST_HEADER_BYTES_MAX = 16 * 1024;
    /**
     * Jetty's per-connection cache of header lines seen before. Our hot headers carry unique
     * values (keys, idempotency keys, lengths), so the cache's trie lookups cost ~20 µs of CPU
     * per request and saved nothing: measured 69-92 µs per request with it, 58-74 without
     * (docs/benchmarks.md).
     */
    static final int HEADER_CACHE_SIZE = 0;

    private final Server server;
    private final ServerConnector connector;
    private final JettyAdapter adapter;
    private final ConnectionGuard guard;
    private final HandshakeDeadline handshakes;

    private ApiServer(Server server, ServerConnector connector, JettyAdapter adapter, ConnectionGuard guard,
            HandshakeDeadline handshakes) {
        this.server = server;
        this.connector = connector;
        this.adapter = adapter;
        this.guard = guard;
        this.handshakes = handshakes;
    }

    /**
     * Starts listening on {@code host:port} (port 0: any free port). Until {@link #serve} hands
     * it the API, it answers only liveness; everything else is 503 (recovering). {@code limits}
     * bound what clients may hold: deadlines, connections in all and per address (addresses in
     * {@code trustedProxies} exempt from the per-address cap). With {@code tls} it serves HTTPS only
     * (HTTP/2 or HTTP/1.1, as the client asks), and a TLS handshake gets the header deadline; null:
     * plain HTTP/1.1.
     */
    public static ApiServer start(String host, int port, ConnectionLimits limits, List<AddressRange> trustedProxies,
            TlsIdentity tls) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        config.setRequestHeaderSize(REQUEST_HEADER_BYTES_MAX);
        config.setHeaderCacheSize(HEADER_CACHE_SIZE);
        ServerConnector connector = new ServerConnector(server, TlsConnections.factories(config, tls));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        ConnectionGuard guard = new ConnectionGuard(limits, trustedProxies, System::nanoTime);
        connector.addEventListener(guard);
        HandshakeDeadline handshakes = null;
        if (tls != null) {
            handshakes = new HandshakeDeadline(connector.getScheduler(), limits.headerDeadline());
            connector.addEventListener(handshakes);
        }
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.connectionsMax(), connector));
        JettyAdapter adapter = new JettyAdapter(limits);
        server.setHandler(new GracefulHandler(adapter));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            guard.close();
            throw e;
        }
        return new ApiServer(server, connector, adapter, guard, handshakes);
    }

    /** Starts answering with the API (once recovery has finished). */
    public void serve(ApiDispatcher dispatcher) {
        adapter.serve(dispatcher);
    }

    /** What the connection guard has refused and cut off so far. */
    public ConnectionGuard guard() {
        return guard;
    }

    /** The TLS handshake deadline, or null when serving plain HTTP. */
    public HandshakeDeadline handshakes() {
        return handshakes;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, waits for in-flight requests, closes. */
    @Override
    public void close() {
        try {
            guard.close();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        }
    }
}
