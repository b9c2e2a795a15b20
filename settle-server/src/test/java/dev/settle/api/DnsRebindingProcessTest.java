package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding against a real server process: the webhook host's name flips between a public
 * address and 127.0.0.1 every millisecond or so, as an attacker's DNS server would answer, while
 * deliveries are attempted again and again. A loopback service listens on the URL's port. Whatever
 * the timing, no delivery ever reaches it, no attempt records its answer, and no refusal says where
 * the name pointed.
 *
 * <p>The child JVM resolves names from a hosts file ({@code -Djdk.net.hosts.file}), read afresh at
 * every lookup, and caches nothing ({@code sun.net.inetaddr.ttl=0}, the system-property form of the
 * {@code networkaddress.cache.ttl} security property; both are set). With a sender that resolved once
 * for its check and once more to connect, some attempt would check the public answer and connect to
 * the loopback one.
 */
class DnsRebindingProcessTest {
    private static final String NAME = "rebind.settle.test";
    /** Public by every registry (example.com's old address): passes the check, and is never ours. */
    private static final String PUBLIC_ADDRESS = "93.184.216.34";
    private static final String LOOPBACK_ADDRESS = "127.0.0.1";
    private static final String LOOPBACK_ANSWER = "internal-only-answer";
    private static final int EVENTS = 6;
    private static final int ATTEMPTS_MIN = 20;
    private static final Duration FLIPPING_MAX = Duration.ofSeconds(20);
    private static final long FLIP_NANOS = 700_000;

    @TempDir
    Path data;
    @TempDir
    Path logs;
    @TempDir
    Path dir;

    private final LoopbackHttp http = new LoopbackHttp();

    @Test
    void aNameThatFlipsToLoopbackNeverGetsADeliveryThere() throws Exception {
        Path hosts = dir.resolve("hosts");
        writeHosts(hosts, PUBLIC_ADDRESS);
        AtomicBoolean flipping = new AtomicBoolean(true);
        try (LoopbackService internal = new LoopbackService()) {
            ChildServer child = ChildServer.start(data, logs, List.of("-Djdk.net.hosts.file=" + hosts,
                    "-Dsun.net.inetaddr.ttl=0", "-Dsun.net.inetaddr.negative.ttl=0", "-Dnetworkaddress.cache.ttl=0"),
                    ServerMain.STRICT_WEBHOOK_TARGETS);
            Thread flipper = Thread.ofPlatform().daemon().start(() -> flip(hosts, flipping));
            try {
                String key = child.key();
                TestServer.Answer endpoint = answer(http.post(child.port(), key, "/v1/webhook_endpoints",
                        "{\"url\":\"http://" + NAME + ":" + internal.port() + "/hook\",\"enabled_events\":[\"*\"]}"));
                // Registered while the name happened to answer public, or refused: keep trying until it was.
                for (int i = 0; endpoint.status() != 201 && i < 100; i++) {
                    endpoint = answer(http.post(child.port(), key, "/v1/webhook_endpoints",
                            "{\"url\":\"http://" + NAME + ":" + internal.port() + "/hook\",\"enabled_events\":[\"*\"]}"));
                }
                assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(http.post(child.port(), key, "/v1/accounts", "{\"currency\":\"USD\"}").statusCode())
                            .isEqualTo(201);
                }

                List<Map<String, Object>> attempts = awaitAttempts(child, key);
                flipping.set(false);
                flipper.join();

                assertThat(internal.connections()).as("connections that reached the loopback service").isZero();
                assertThat(attempts).as("attempts made while the name flipped").hasSizeGreaterThanOrEqualTo(ATTEMPTS_MIN);
                assertThat(attempts).allSatisfy(a -> {
                    assertThat(a.get("status_code")).as("no attempt got an HTTP answer").isIn(null, 0L);
                    assertThat((String) a.get("response_body_prefix")).isNullOrEmpty();
                    assertThat((String) a.get("error")).doesNotContain(LOOPBACK_ADDRESS).doesNotContain(LOOPBACK_ANSWER);
                });
                assertThat(attempts).as("the loopback answers were seen and refused")
                        .anySatisfy(a -> assertThat((String) a.get("error")).startsWith("target_not_allowed: "));
            } finally {
                flipping.set(false);
                child.process().destroyForcibly().waitFor();
            }
        }
    }

    /** Every attempt of every event's delivery, once at least {@link #ATTEMPTS_MIN} were made (or time is up). */
    private List<Map<String, Object>> awaitAttempts(ChildServer child, String key) throws Exception {
        long deadline = System.nanoTime() + FLIPPING_MAX.toNanos();
        List<Map<String, Object>> attempts = attempts(child, key);
        while (attempts.size() < ATTEMPTS_MIN * 2 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            attempts = attempts(child, key);
        }
        return attempts;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> attempts(ChildServer child, String key) throws Exception {
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Map<String, Object> event : answer(http.get(child.port(), key, "/v1/events?limit=100")).data()) {
            TestServer.Answer deliveries = answer(http.get(child.port(), key, "/v1/events/" + event.get("id") + "/deliveries"));
            for (Map<String, Object> delivery : deliveries.data()) {
                attempts.addAll((List<Map<String, Object>>) delivery.get("attempts"));
            }
        }
        return attempts;
    }

    /** Rewrites the hosts file, atomically, between the public and the loopback answer until told to stop. */
    private static void flip(Path hosts, AtomicBoolean flipping) {
        boolean loopback = true;
        while (flipping.get()) {
            try {
                writeHosts(hosts, loopback ? LOOPBACK_ADDRESS : PUBLIC_ADDRESS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            loopback = !loopback;
            java.util.concurrent.locks.LockSupport.parkNanos(FLIP_NANOS);
        }
    }

    private static void writeHosts(Path hosts, String address) throws IOException {
        Path next = hosts.resolveSibling("hosts.next");
        Files.writeString(next, LOOPBACK_ADDRESS + " localhost\n" + address + " " + NAME + "\n", StandardCharsets.UTF_8);
        Files.move(next, hosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static TestServer.Answer answer(java.net.http.HttpResponse<String> response) {
        return new TestServer.Answer(response.statusCode(), response.headers(), response.body());
    }

    /** A service only the server's host can reach, which answers anything with something worth stealing. */
    private static final class LoopbackService implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        LoopbackService() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK_ADDRESS));
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                    byte[] body = LOOPBACK_ANSWER.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
