package dev.settle.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.settle.ledger.UInt128;
import dev.settle.request.RequestContext;
import dev.settle.request.RouteLabel;
import dev.settle.tenant.Tenant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The access log and the request's ids for other lines, driven as the dispatcher drives them. */
class RequestLoggingTest {
    private static final UUID TENANT_ID = UUID.fromString("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final Logger access = (Logger) LoggerFactory.getLogger(LogKeys.ACCESS_LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final RequestLogging logging = new RequestLogging();
    private Level levelBefore;

    @BeforeEach
    void watchTheAccessLog() {
        levelBefore = access.getLevel();
        access.setLevel(Level.INFO);
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void restore() {
        access.detachAppender(lines);
        access.setLevel(levelBefore);
        MDC.clear();
    }

    @Test
    void oneLinePerRequestWithItsIdsRouteTemplateStatusAndDuration() {
        RequestContext request = new RequestContext("req_1", "POST", 0, null);
        request.routed(new RouteLabel("POST", "/v1/transfers/{id}/post"));
        request.authenticated(tenant().id());
        request.answered(201, 840_000);
        logging.completed(request);

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.getFirst();
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage()).isEqualTo("POST /v1/transfers/{id}/post 201 0.84 ms");
        assertThat(keyValues(line)).isEqualTo(Map.of(LogKeys.REQUEST_ID, "req_1",
                LogKeys.TENANT_ID, TENANT_ID.toString(), LogKeys.METHOD, "POST", LogKeys.ROUTE,
                "/v1/transfers/{id}/post", LogKeys.STATUS, 201, LogKeys.DURATION_MICROS, 840L, LogKeys.REPLAYED, false));
        assertThat(line.getKeyValuePairs().getFirst().key).as("the ids lead").isEqualTo(LogKeys.REQUEST_ID);
        assertThat(MDC.getCopyOfContextMap()).as("nothing goes into the MDC").isNullOrEmpty();
    }

    @Test
    void theClientsAddressAndTheOneATrustedProxyForwardedForAreLogged() throws Exception {
        RequestContext request = new RequestContext("req_3", "GET", 0, null);
        request.from(java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, 2}),
                java.net.InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7}));
        request.routed(new RouteLabel("GET", "/v1/accounts"));
        request.answered(200, 1_000_000);
        logging.completed(request);

        assertThat(keyValues(lines.list.getFirst())).containsEntry(LogKeys.CLIENT, "10.0.0.2")
                .containsEntry(LogKeys.FORWARDED_FOR, "198.51.100.7");
    }

    @Test
    void theIdsOfTheRequestTheThreadAnswersAreThereForOtherLinesAndGoneAfterwards() {
        RequestContext request = new RequestContext("req_2", "GET", 0, null);
        request.traceId(TRACE_ID);
        request.bind();
        try {
            assertThat(RequestLogIds.current()).containsExactly(Map.entry(LogKeys.REQUEST_ID, "req_2"),
                    Map.entry(LogKeys.TRACE_ID, TRACE_ID));
            request.authenticated(tenant().id());
            assertThat(RequestLogIds.current()).containsEntry(LogKeys.TENANT_ID, TENANT_ID.toString());
            request.answered(404, 1_234_567_890);
            logging.completed(request);
        } finally {
            RequestContext.unbind();
        }

        assertThat(lines.list.getFirst().getFormattedMessage()).isEqualTo("GET unmatched 404 1234.57 ms");
        assertThat(keyValues(lines.list.getFirst())).containsEntry(LogKeys.TRACE_ID, TRACE_ID);
        assertThat(RequestLogIds.current()).isEmpty();
    }

    @Test
    void anAccessLogSetToOffWritesNothing() {
        access.setLevel(Level.OFF);
        RequestContext request = new RequestContext("req_3", "GET", 0, null);
        request.answered(200, 5_000);
        logging.completed(request);

        assertThat(lines.list).isEmpty();
    }

    @Test
    void durationsAreRoundedToHundredthsOfAMillisecond() {
        for (long[] nanosAndHundredths : new long[][] {{0, 0}, {4_999, 0}, {5_000, 1}, {90_000, 9}, {1_000_000, 100}}) {
            RequestContext request = new RequestContext("req", "GET", 0, null);
                request.answered(200, nanosAndHundredths[0]);
            logging.completed(request);
            long hundredths = nanosAndHundredths[1];
            assertThat(lines.list.getLast().getFormattedMessage())
                    .endsWith(String.format(" %d.%02d ms", hundredths / 100, hundredths % 100));
        }
    }

    private static Tenant tenant() {
        return new Tenant(UInt128.of(TENANT_ID), "acme", 1, 0, "2026-01-01", 0, null, java.util.List.of(), true);
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        return event.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
    }
}
