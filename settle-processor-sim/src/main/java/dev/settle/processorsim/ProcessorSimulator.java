package dev.settle.processorsim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A simulated card processor, reachable over HTTP on 127.0.0.1, that behaves like a real one:
 * it keeps every operation durably and idempotently, declines the decline test cards, and can be
 * told to be slow, unavailable, or to lose answers after doing the work. The payments server is
 * tested against it, in process or as its own process ({@link ProcessorSimulatorMain}), so that
 * its retry and recovery paths meet the failures they are written for.
 *
 * <pre>{@code
 * try (ProcessorSimulator processor = ProcessorSimulator.start(SimulatorConfig.defaults(dir))) {
 *     URI api = processor.baseUri(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class ProcessorSimulator implements AutoCloseable {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    /** Connections the OS may queue before the server accepts them. */
    private static final int BACKLOG = 256;
    /** How long closing waits for requests under way to stop. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final OperationLog log;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProcessorSimulator(HttpServer server, ExecutorService executor, OperationLog log) {
        this.server = server;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Replays the operations log in {@code config.dataDir()} and starts answering.
     *
     * @throws IOException if the log cannot be read or is corrupt, or the port cannot be bound
     */
    public static ProcessorSimulator start(SimulatorConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(SimulatorConfig)}, with the clock that dates charges and refunds. */
    static ProcessorSimulator start(SimulatorConfig config, Clock clock) throws IOException {
        ProcessorState state = new ProcessorState();
        OperationLog log = OperationLog.open(config.dataDir(), state::replay);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Processor processor = new Processor(state, log);
            ChargeRules rules = new ChargeRules(state, clock, new Ids());
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), config.port()), BACKLOG);
            server.setExecutor(executor);
            server.createContext("/", new SimulatorHandler(processor, rules, new Faults(config)));
            server.start();
            return new ProcessorSimulator(server, executor, log);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            log.close();
            throw e;
        }
    }

    /** The port it listens on (the one picked, when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, to which the API paths ({@code /v1/...}) are appended. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Stops answering, cuts off requests still under way (they get no answer, as in a crash), and
     * closes the log. Everything answered before is on disk. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the operations log", e);
        }
    }
}
