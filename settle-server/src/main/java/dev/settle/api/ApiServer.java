package dev.settle.api;

import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: Jetty 12 core, handlers on virtual threads (docs/decisions/0003). Stopping
 * is graceful: it stops accepting, lets in-flight requests finish (up to a limit), then closes.
 */
public final class ApiServer implements AutoCloseable {
    /** How long a stop waits for in-flight requests. */
    public static final long STOP_TIMEOUT_MILLIS = 30_000;
    /** Request line and headers; generous for bearer keys and idempotency keys. */
    static final int REQUEST_HEADER_BYTES_MAX = 16 * 1024;
    static final int IDLE_TIMEOUT_MILLIS = 60_000;
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

    private ApiServer(Server server, ServerConnector connector, JettyAdapter adapter) {
        this.server = server;
        this.connector = connector;
        this.adapter = adapter;
    }

    /**
     * Starts listening on {@code host:port} (port 0: any free port). Until {@link #serve} hands
     * it the API, it answers only liveness; everything else is 503 (recovering).
     */
    public static ApiServer start(String host, int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        config.setRequestHeaderSize(REQUEST_HEADER_BYTES_MAX);
        config.setHeaderCacheSize(HEADER_CACHE_SIZE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        JettyAdapter adapter = new JettyAdapter();
        server.setHandler(new GracefulHandler(adapter));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false);
        server.start();
        return new ApiServer(server, connector, adapter);
    }

    /** Starts answering with the API (once recovery has finished). */
    public void serve(ApiDispatcher dispatcher) {
        adapter.serve(dispatcher);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, waits for in-flight requests, closes. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        }
    }
}
