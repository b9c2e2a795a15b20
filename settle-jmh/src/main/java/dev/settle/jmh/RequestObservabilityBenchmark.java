package dev.settle.jmh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.settle.api.ApiDispatcher;
import dev.settle.api.guard.ClientAddresses;
import dev.settle.api.http.ApiResponse;
import dev.settle.request.RequestListener;
import dev.settle.api.http.Route;
import dev.settle.api.http.Router;
import dev.settle.cli.logs.BatchingAppender;
import dev.settle.cli.logs.JsonLineEncoder;
import dev.settle.logs.RequestLogging;
import dev.settle.metrics.HttpMetrics;
import dev.settle.metrics.SettleMetrics;
import dev.settle.tracing.Tracing;
import dev.settle.tracing.TracingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What observing a request costs on its own thread: the dispatcher's pipeline around a route that
 * does nothing, with no listener, with the metrics, and with the metrics, the trace listener
 * (export off) and the access log as {@code settle serve} runs them. The access line's encoding
 * happens later on the log writer's thread: {@link #encodeAccessLine} measures it on its own.
 * Compare the sum with the server's CPU per single transfer (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@State(Scope.Benchmark)
public class RequestObservabilityBenchmark {
    /** Where the benchmark's log lines go: written, like production's, but to nothing. */
    private static final String LOG_SINK = "/dev/null";
    private static final int LOG_QUEUE_EVENTS_MAX = 1 << 22;

    @Param({"none", "metrics", "all"})
    public String observers;

    private ApiDispatcher dispatcher;
    private ApiDispatcher.Incoming request;
    private Tracing tracing;
    private SettleMetrics metrics;
    private JsonLineEncoder encoder;
    private ILoggingEvent accessLine;

    @Setup
    public void setUp() {
        LoggerContext context = logToNothing();
        tracing = Tracing.start(TracingConfig.off());
        metrics = new SettleMetrics("jmh");
        List<RequestListener> listeners = new ArrayList<>();
        if (observers.equals("all")) {
            listeners.add(tracing.listener());
            listeners.add(new RequestLogging());
        }
        if (!observers.equals("none")) {
            listeners.add(new HttpMetrics(metrics.registry()));
        }
        ApiResponse created = new ApiResponse(201, "{}".getBytes());
        Router router = new Router().add(new Route("GET", "/v1/ping/{id}", Route.Access.PUBLIC, 0, r -> created));
        // A public route needs no tenants, idempotency keys, limiters or load: the pipeline and its observers only.
        dispatcher = new ApiDispatcher(router, null, null, null, () -> true, null, null, RequestListener.all(listeners),
                new ApiDispatcher.Guards(null, ClientAddresses.none(), null), ApiDispatcher.ReadFence.NONE);
        Map<String, String> headers = Map.of("authorization", "Bearer sk_not_read_by_a_public_route",
                "content-type", "application/json");
        request = new ApiDispatcher.Incoming("GET", "/v1/ping/0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", null,
                name -> headers.get(name.toLowerCase(java.util.Locale.ROOT)), bytesMax -> new byte[0]);
        encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        accessLine = typicalAccessLine(context);
    }

    @TearDown
    public void tearDown() {
        tracing.close();
        metrics.close();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    @Benchmark
    public ApiDispatcher.Outgoing dispatch() {
        return dispatcher.dispatch(request);
    }

    @Benchmark
    public byte[] encodeAccessLine() {
        return encoder.encode(accessLine);
    }

    /** The production appender and encoder, writing to nothing, at the production levels. */
    private static LoggerContext logToNothing() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JsonLineEncoder lineEncoder = new JsonLineEncoder();
        lineEncoder.setContext(context);
        lineEncoder.start();
        BatchingAppender appender = new BatchingAppender();
        appender.setContext(context);
        appender.setName("jmh");
        appender.setFile(LOG_SINK);
        // Room for every line of a measurement: dropping lines would make the access log look cheaper.
        appender.setQueueSize(LOG_QUEUE_EVENTS_MAX);
        appender.setEncoder(lineEncoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return context;
    }

    private static ILoggingEvent typicalAccessLine(LoggerContext context) {
        MDC.put("request_id", "req_01a2096288fd77d4b60d5e7a5151b4de");
        MDC.put("tenant_id", "01a20962-80a6-7d09-b4f3-33bd38624575");
        LoggingEvent event = new LoggingEvent(RequestObservabilityBenchmark.class.getName(),
                context.getLogger("settle.access"), Level.INFO, "POST /v1/transfers 201 0.84 ms", null, null);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("method", "POST"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("route", "/v1/transfers"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("status", 201));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("duration_micros", 840L));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("replayed", false));
        event.prepareForDeferredProcessing();
        MDC.clear();
        return event;
    }
}
