package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.traffic.DegradationPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold the server without earning an answer, over raw sockets: trickled headers and
 * bodies are cut off at their deadlines, a request refused on its headers is answered at once
 * without its body being read, slow bodies hold no admission slot, and wrong keys are throttled.
 * The bounds below are the deadlines plus generous slack: they check that a cut happens, not how
 * fast.
 */
class HostileClientTest {
    /** Header deadline 1 s, body grace 1 s, minimum body rate 1 KiB/s. */
    private static final int HEADER_DEADLINE_SECONDS = 1;
    private static final int BODY_GRACE_SECONDS = 1;
    private static final int BODY_MIN_RATE_KIB = 1;
    private static final long TRICKLE_GAP_MILLIS = 200;
    /** Far beyond every deadline under test: a connection still open by then was not cut. */
    private static final long CUT_BOUND_MILLIS = 10_000;
    /** The fleet admits 16 requests at once (the least allowed); slow bodies must not take those slots. */
    private static final int IN_FLIGHT_MAX = 16;
    private static final String SMALL_FLEET = """
            fleet:
              in_flight_max: %d
            tenant_defaults:
              reads_per_second: 20000
              writes_per_second: 20000
              concurrent_requests_max: 512
            shed:
              bulk:     {queue_percent: 60,  queue_delay_ms: 250,   in_flight_percent: 60}
              read:     {queue_percent: 80,  queue_delay_ms: 500,   in_flight_percent: 80}
              normal:   {queue_percent: 90,  queue_delay_ms: 1000,  in_flight_percent: 90}
              critical: {queue_percent: 100, queue_delay_ms: never, in_flight_percent: 100}
            """.formatted(IN_FLIGHT_MAX);

    @TempDir
    Path data;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int startWithShortDeadlines() throws Exception {
        server = TestServer.start(data, c -> c.deadlines(HEADER_DEADLINE_SECONDS, BODY_GRACE_SECONDS,
                BODY_MIN_RATE_KIB));
        return server.server.port();
    }

    @Test
    void headersTrickledByteByByteAreCutOffAtTheHeaderDeadline() throws Exception {
        int port = startWithShortDeadlines();
        try (RawConnection slowloris = new RawConnection(port)) {
            slowloris.send("GET /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long start = System.nanoTime();
            boolean cut = false;
            // One header byte every 200 ms: the idle timeout alone would never fire.
            while (!cut && System.nanoTime() - start < CUT_BOUND_MILLIS * 1_000_000) {
                cut = !slowloris.send("X") || slowloris.awaitClose(TRICKLE_GAP_MILLIS);
            }
            assertThat(cut).as("connection closed by the header deadline").isTrue();
            assertThat(slowloris.received()).as("no answer to a request that never finished").isEmpty();
        }
        assertThat(server.server.connectionGuard().cutByHeaderDeadline()).isEqualTo(1);
    }

    @Test
    void aBodyTrickledSlowerThanTheMinimumRateIsAnswered408AndTheConnectionClosed() throws Exception {
        int port = startWithShortDeadlines();
        try (RawConnection slow = new RawConnection(port)) {
            slow.send("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.defaultKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"currency\":");
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < CUT_BOUND_MILLIS * 1_000_000) {
                closed = !slow.send(" ") || slow.awaitClose(TRICKLE_GAP_MILLIS);
            }
            assertThat(closed).isTrue();
            assertThat(slow.status()).isEqualTo(408);
            assertThat(slow.received()).contains("\"code\":\"body_timeout\"").contains("Request-Id:");
        }
        assertThat(server.get("/v1/accounts", server.defaultKey).data()).as("nothing was created").isEmpty();
    }

    @Test
    void aKeylessPostIsAnswered401AtOnceWithoutItsBodyBeingRead() throws Exception {
        int port = startWithShortDeadlines();
        try (RawConnection keyless = new RawConnection(port)) {
            // Declares a megabyte and sends none of it: the answer must not wait for it.
            keyless.send("POST /v1/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000\r\n\r\n");
            String answer = keyless.awaitAnswer(CUT_BOUND_MILLIS);
            assertThat(keyless.status()).isEqualTo(401);
            assertThat(answer).containsIgnoringCase("Connection: close");
            assertThat(keyless.awaitClose(CUT_BOUND_MILLIS)).as("closed without reading the body").isTrue();
        }
        try (RawConnection wrongKey = new RawConnection(port)) {
            wrongKey.send("POST /v1/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_wrong\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");
            wrongKey.awaitAnswer(CUT_BOUND_MILLIS);
            assertThat(wrongKey.status()).isEqualTo(401);
            assertThat(wrongKey.awaitClose(CUT_BOUND_MILLIS)).isTrue();
        }
    }

    @Test
    void aRefusedRequestWhoseSmallBodyHasArrivedKeepsItsConnection() throws Exception {
        int port = startWithShortDeadlines();
        try (RawConnection client = new RawConnection(port)) {
            client.send("POST /v1/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}");
            String answer = client.awaitAnswer(CUT_BOUND_MILLIS);
            assertThat(client.status()).isEqualTo(401);
            assertThat(answer).doesNotContainIgnoringCase("Connection: close");
        }
    }

    @Test
    void slowBodiesOfTwoTenantsDoNotMakeAThirdTenantsRequestsFail() throws Exception {
        DegradationPolicy policy = DegradationPolicy.parse(SMALL_FLEET, "test policy");
        server = TestServer.start(data, c -> c.degradation(policy));
        int port = server.server.port();
        List<RawConnection> slow = new ArrayList<>();
        try {
            for (String tenant : List.of("slow-a", "slow-b")) {
                String key = server.newTenant(tenant);
                for (int i = 0; i < IN_FLIGHT_MAX; i++) {
                    RawConnection c = new RawConnection(port);
                    c.send("POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"curr");
                    slow.add(c);
                }
            }
            String quiet = server.newTenant("quiet");
            for (int i = 0; i < 10; i++) {
                assertThat(server.post("/v1/accounts", quiet, "{\"currency\":\"EUR\"}").status()).isEqualTo(201);
            }
        } finally {
            for (RawConnection c : slow) {
                c.close();
            }
        }
    }

    @Test
    void wrongKeysFromOneAddressAreThrottledUntilTheWindowEnds() throws Exception {
        AtomicLong trafficNanos = new AtomicLong(1_000_000_000L);
        server = TestServer.start(data, c -> c.trafficNanos(trafficNanos::get));
        int throttled = 0;
        for (int i = 0; i < dev.settle.api.guard.AuthFailureThrottle.FAILURES_PER_WINDOW + 5; i++) {
            TestServer.Answer answer = server.get("/v1/admin/tenants", "wrong-admin-token-" + i);
            if (answer.status() == 429) {
                throttled++;
                assertThat(answer.field("error.code")).isEqualTo("too_many_failed_authentications");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(answer.status()).isEqualTo(401);
            }
        }
        assertThat(throttled).isEqualTo(5);
        assertThat(server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN).status())
                .as("the right token from a throttled address waits too").isEqualTo(429);
        trafficNanos.addAndGet(dev.settle.api.guard.AuthFailureThrottle.WINDOW_NANOS);
        assertThat(server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN).status()).as("once the window ends")
                .isEqualTo(200);
    }
}
