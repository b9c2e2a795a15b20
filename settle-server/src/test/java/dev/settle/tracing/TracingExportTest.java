package dev.settle.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real OTLP/HTTP exporter (JDK sender) posts protobuf to the collector's /v1/traces, without URL secrets. */
class TracingExportTest {
    /** One request the fake collector received. */
    record Posted(String method, String path, String contentType, byte[] body) {}

    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void spansGoToTheEndpointsTracesPathAndHoldNoWebhookPathOrQuery() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                posted.add(new Posted(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/otel/");
        TraceParent stored = TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Tracing tracing = Tracing.start(TracingConfig.otlp(endpoint, TracingConfig.SAMPLE_RATIO_DEFAULT));
        DeliveryTracing.Attempt attempt = tracing.deliveries().begin(stored, "evt_0000000100000000000000a1",
                "transfer.created", 2, URI.create("https://receiver.example:8443/hooks/tok_secretpath?key=secretquery"));
        TraceParent sent = TraceParent.parse(attempt.traceparent());
        attempt.end(503, null);
        tracing.close(); // flushes

        assertThat(sent.traceIdHex()).isEqualTo(stored.traceIdHex());
        assertThat(sent.spanId()).isNotEqualTo(stored.spanId());
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("POST");
            assertThat(p.path()).isEqualTo("/otel/v1/traces");
            assertThat(p.contentType()).isEqualTo("application/x-protobuf");
            String body = new String(p.body(), StandardCharsets.ISO_8859_1);
            assertThat(body).contains("webhook.deliver").contains("receiver.example").contains("settle")
                    .doesNotContain("secretpath").doesNotContain("secretquery");
        });
    }

    @Test
    void offBuildsNothingAndPassesStoredContextsOnUnchanged() {
        try (Tracing tracing = Tracing.start(TracingConfig.off())) {
            TraceParent stored = TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
            assertThat(tracing.deliveries()).isSameAs(DeliveryTracing.PASS_THROUGH);
            assertThat(tracing.deliveries().begin(stored, "evt_1", "transfer.created", 1, URI.create("https://a.example"))
                    .traceparent()).isEqualTo(stored.format());
            assertThat(tracing.deliveries().begin(null, "evt_1", "transfer.created", 1, URI.create("https://a.example"))
                    .traceparent()).isNull();
        }
    }
}
