package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliverySenderTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    /** The attempt bound the sender promises, plus room for a loaded test machine. */
    private static final long ATTEMPT_MILLIS_BOUND = CONNECT_TIMEOUT.plus(READ_TIMEOUT).toMillis() + 1_500;
    private static final long WAIT_SECONDS = 10;

    private static final String MSG_ID = "msg_2b7c9d";
    private static final long TIMESTAMP_SECONDS = 1_700_000_000L;
    private static final byte[] BODY = "{\"type\":\"transfer.posted\",\"id\":42}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,abc= v1,def=";

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final DeliverySender sender = new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        sender.close();
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void aLongOkBodyIsCutToTheFirst1024BytesAndTheRequestCarriesTheWebhookHeaders() throws Exception {
        byte[] longBody = "0123456789".repeat(500).getBytes(StandardCharsets.US_ASCII);
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), longBody));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.gone()).isFalse();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.responsePrefix()).isEqualTo(new String(longBody, 0, 1024, StandardCharsets.US_ASCII));
        assertThat(outcome.latencyMillis()).isBetween(0L, ATTEMPT_MILLIS_BOUND);

        HttpWire.Request request = server.request.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/hooks?tenant=7");
        assertThat(request.header("webhook-id")).isEqualTo(MSG_ID);
        assertThat(request.header("webhook-timestamp")).isEqualTo("1700000000");
        assertThat(request.header("webhook-signature")).isEqualTo(SIGNATURE);
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("user-agent")).isEqualTo("Settle-Webhooks/1");
        assertThat(request.body()).isEqualTo(BODY);
    }

    @Test
    void aServerErrorIsAResponseButNotASuccess() {
        ScriptedServer server = serve((socket, in, out) ->
                HttpWire.writeResponse(out, 500, Map.of(), "boom".getBytes(StandardCharsets.UTF_8)));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(500);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.gone()).isFalse();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.responsePrefix()).isEqualTo("boom");
    }

    @Test
    void goneIsReported() {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 410, Map.of(), new byte[0]));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(410);
        assertThat(outcome.gone()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.responsePrefix()).isEmpty();
    }

    @Test
    void retryAfterIsPassedOnRaw() {
        ScriptedServer server = serve((socket, in, out) ->
                HttpWire.writeResponse(out, 503, Map.of("Retry-After", "120"), new byte[0]));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(503);
        assertThat(outcome.retryAfter()).isEqualTo("120");
        assertThat(RetrySchedule.parseRetryAfterMillis(outcome.retryAfter(), 0)).hasValue(120_000);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        ScriptedServer server = serve((socket, in, out) -> drainUntilClosed(in));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isZero();
        assertThat(outcome.error()).isEqualTo(DeliveryOutcome.READ_TIMED_OUT);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.responsePrefix()).isEmpty();
        assertThat(outcome.latencyMillis()).isBetween(READ_TIMEOUT.toMillis() - 50, ATTEMPT_MILLIS_BOUND);
    }

    @Test
    void aServerThatStallsTheBodyCannotHoldTheSender() {
        ScriptedServer server = serve((socket, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst ten!".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            drainUntilClosed(in);
        });

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.error()).isNull();
        assertThat(outcome.responsePrefix()).isEqualTo("first ten!");
        assertThat(outcome.latencyMillis()).isLessThan(ATTEMPT_MILLIS_BOUND);
    }

    @Test
    void anAbruptCloseEndsTheAttemptWithoutAResponse() {
        ScriptedServer server = serve((socket, in, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
        });

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isZero();
        // Jetty's client reads a reset before any answer as the end of the stream.
        assertThat(outcome.error()).isIn(DeliveryOutcome.CONNECTION_RESET, DeliveryOutcome.CONNECTION_CLOSED);
    }

    @Test
    void aPortWithNothingListeningIsRefused() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        DeliveryOutcome outcome = send(URI.create("http://127.0.0.1:" + port + "/hooks"));

        assertThat(outcome.statusCode()).isZero();
        assertThat(outcome.error()).isEqualTo(DeliveryOutcome.CONNECTION_REFUSED);
        assertThat(outcome.latencyMillis()).isLessThan(ATTEMPT_MILLIS_BOUND);
    }

    @Test
    void aRedirectIsNotFollowed() {
        ScriptedServer elsewhere = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), new byte[0]));
        ScriptedServer server = serve((socket, in, out) ->
                HttpWire.writeResponse(out, 302, Map.of("Location", elsewhere.uri().toString()), new byte[0]));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error()).isNull();
        assertThat(elsewhere.connectionsAccepted()).isZero();
    }

    @Test
    void aRefusedTargetIsNeverContacted() {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), new byte[0]));
        try (DeliverySender guarded =
                new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT, new TargetPolicy(false, AddressResolver.SYSTEM))) {

            DeliveryOutcome outcome = guarded.send(server.uri(), MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);

            assertThat(outcome.statusCode()).isZero();
            assertThat(outcome.error()).startsWith("target_not_allowed: ").contains("SETTLE_WEBHOOKS_ALLOW_PRIVATE_TARGETS");
            assertThat(server.connectionsAccepted()).isZero();
        }
    }

    @Test
    void aNameIsResolvedOnceAndConnectedToByThatAddressKeepingItsHostHeader() throws Exception {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), new byte[0]));
        AtomicInteger lookups = new AtomicInteger();
        AddressResolver resolver = host -> {
            lookups.incrementAndGet();
            return names(Map.of("receiver.test", List.of(LOOPBACK))).resolve(host);
        };
        try (DeliverySender named = new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT, new TargetPolicy(true, resolver))) {

            DeliveryOutcome outcome = named.send(server.uri("receiver.test"), MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);

            assertThat(outcome.statusCode()).isEqualTo(200);
            HttpWire.Request request = server.request.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(request.header("host")).isEqualTo("receiver.test:" + server.port());
            assertThat(request.header("accept-encoding")).as("no compressed answer is asked for").isNull();
            assertThat(request.header("cookie")).isNull();
            assertThat(lookups.get()).as("one resolution, no second one to rebind").isEqualTo(1);
        }
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedWithoutSayingWhereItPoints() {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), "secret".getBytes(StandardCharsets.UTF_8)));
        AddressResolver resolver = names(Map.of("internal.test", List.of(LOOPBACK)));
        try (DeliverySender guarded = new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT, new TargetPolicy(false, resolver))) {

            DeliveryOutcome outcome = guarded.send(server.uri("internal.test"), MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);

            assertThat(outcome.statusCode()).isZero();
            assertThat(outcome.error()).startsWith("target_not_allowed: ")
                    .contains("resolves to a special-purpose address").doesNotContain("127.0.0.1");
            assertThat(outcome.responsePrefix()).isEmpty();
            assertThat(server.connectionsAccepted()).isZero();
        }
    }

    @Test
    void everyAddressOfANameIsCheckedNotOnlyTheOneConnectedTo() throws Exception {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), new byte[0]));
        AddressResolver resolver = names(Map.of("mixed.test", List.of(InetAddress.getByName("93.184.216.34"), LOOPBACK)));
        try (DeliverySender guarded = new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT, new TargetPolicy(false, resolver))) {

            DeliveryOutcome outcome = guarded.send(server.uri("mixed.test"), MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);

            assertThat(outcome.error()).startsWith("target_not_allowed: ");
            assertThat(server.connectionsAccepted()).isZero();
        }
    }

    @Test
    void anEarlierPassedCheckDoesNotLetARebindingNameThrough() throws Exception {
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 200, Map.of(), "secret".getBytes(StandardCharsets.UTF_8)));
        InetAddress publicAddress = InetAddress.getByName("93.184.216.34");
        AtomicInteger lookups = new AtomicInteger();
        // Public to the first lookup (the check when the endpoint was registered), loopback afterwards.
        AddressResolver rebinding = host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? publicAddress : LOOPBACK};
        TargetPolicy policy = new TargetPolicy(false, rebinding);
        URI target = server.uri("rebinding.test");
        assertThat(policy.checkAddresses(target)).containsExactly(publicAddress);
        try (DeliverySender guarded = new DeliverySender(CONNECT_TIMEOUT, READ_TIMEOUT, policy)) {

            DeliveryOutcome outcome = guarded.send(target, MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);

            assertThat(outcome.error()).startsWith("target_not_allowed: ");
            assertThat(outcome.responsePrefix()).isEmpty();
            assertThat(server.connectionsAccepted()).isZero();
            assertThat(lookups.get()).isEqualTo(2);
        }
    }

    @Test
    void aPrefixCutInsideACharacterIsDecodedWithAReplacement() {
        byte[] body = ("a".repeat(1023) + "é").getBytes(StandardCharsets.UTF_8);
        ScriptedServer server = serve((socket, in, out) -> HttpWire.writeResponse(out, 400, Map.of(), body));

        DeliveryOutcome outcome = send(server.uri());

        assertThat(outcome.responsePrefix()).hasSize(1024).startsWith("aaa").endsWith("\uFFFD");
    }

    private DeliveryOutcome send(URI uri) {
        return sender.send(uri, MSG_ID, TIMESTAMP_SECONDS, BODY, SIGNATURE);
    }

    private ScriptedServer serve(Script script) {
        ScriptedServer server = new ScriptedServer(script);
        servers.add(server);
        return server;
    }

    /** A resolver that knows only the given names. */
    private static AddressResolver names(Map<String, List<InetAddress>> known) {
        return host -> {
            List<InetAddress> addresses = known.get(host);
            if (addresses == null) {
                throw new UnknownHostException("unknown to the test");
            }
            return addresses.toArray(new InetAddress[0]);
        };
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        while (in.read() != -1) {
            // Discard until the client gives up.
        }
    }

    /** What the server does once it has read a request. */
    @FunctionalInterface
    interface Script {
        void respond(Socket socket, InputStream in, OutputStream out) throws IOException;
    }

    /** A server that reads one request per connection, records it and runs the script. */
    static final class ScriptedServer implements AutoCloseable {
        final CompletableFuture<HttpWire.Request> request = new CompletableFuture<>();
        private final ServerSocket server;
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private final Script script;
        private volatile int connectionsAccepted;

        ScriptedServer(Script script) {
            this.script = script;
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Thread.ofVirtual().start(this::acceptLoop);
        }

        URI uri() {
            return uri("127.0.0.1");
        }

        URI uri(String host) {
            return URI.create("http://" + host + ":" + server.getLocalPort() + "/hooks?tenant=7");
        }

        int port() {
            return server.getLocalPort();
        }

        int connectionsAccepted() {
            return connectionsAccepted;
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connectionsAccepted++;
                    connections.add(socket);
                    Thread.ofVirtual().start(() -> handle(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void handle(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                HttpWire.Request received = HttpWire.read(in);
                if (received == null) {
                    return;
                }
                request.complete(received);
                script.respond(socket, in, socket.getOutputStream());
            } catch (IOException | RuntimeException e) {
                request.completeExceptionally(e);
            } finally {
                connections.remove(socket);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
