package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One phase's event loops against a scripted server on raw sockets, which answers in ways the
 * stub's HTTP server never would: in pieces, with bytes nobody asked for, or not at all.
 */
class PhaseRunnerTest {
    private static final String CREATED = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            + "Content-Length: 13\r\n\r\n{\"id\":\"abc\"}\n";

    /** What the scripted server sends for the {@code n}-th request (from 1) of a connection; null closes it. */
    @FunctionalInterface
    private interface Script {
        String answer(long n);
    }

    private static AccountIds accounts() {
        AccountIds accounts = new AccountIds(2);
        accounts.set(0, new UUID(1, 1).toString());
        accounts.set(1, new UUID(2, 2).toString());
        return accounts;
    }

    private static HttpPhaseResult run(ScriptedServer server, int connections, int eventLoops, int durationSeconds)
            throws InterruptedException {
        PhasePlan plan = new PhasePlan("single", TransferEndpoint.SINGLE, connections, 1, 0, durationSeconds,
                eventLoops, UuidVersion.V7);
        HttpTarget target = HttpTarget.of(URI.create("http://127.0.0.1:" + server.port()), "sk_key");
        return PhaseRunner.run(plan, target, accounts(), new SplittableRandom(7), line -> {});
    }

    @Test
    void answersThatArriveInPiecesAreReadWhole() throws Exception {
        HttpPhaseResult result;
        try (ScriptedServer server = ScriptedServer.start(n -> CREATED, 3)) {
            result = run(server, 3, 1, 1);
            assertThat(server.malformedRequests()).isZero();
        }

        assertThat(result.requests()).isPositive();
        assertThat(result.requestsByStatus()).containsOnlyKeys(201);
        assertThat(result.errors()).isZero();
        assertThat(result.firstError()).isNull();
    }

    @Test
    void aRequestTheServerDropsIsCountedAsUnansweredAndTheConnectionOpenedAgain() throws Exception {
        HttpPhaseResult result;
        // Each connection answers its first request and closes on the second.
        try (ScriptedServer server = ScriptedServer.start(n -> n == 1 ? CREATED : null, 1)) {
            result = run(server, 2, 1, 1);
            assertThat(server.malformedRequests()).isZero();
        }

        assertThat(result.requestsByStatus()).containsOnlyKeys(PhaseTotals.NO_ANSWER, 201);
        assertThat(result.errors()).isEqualTo(result.requestsByStatus().get(PhaseTotals.NO_ANSWER));
        assertThat(result.firstError()).startsWith("no answer: java.io.EOFException");
    }

    @Test
    void bytesTheServerSendsUnaskedFailTheConnectionUntilItStops() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(n -> CREATED + "HTTP/1.1 200 OK\r\n", 1)) {
            assertThatThrownBy(() -> run(server, 2, 2, 600)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("single connection").hasMessageContaining("stopped early")
                    .hasRootCauseInstanceOf(HttpProtocolException.class);
        }
    }

    @Test
    void eachLoopGetsAnEvenShareOfTheConnections() {
        PhaseConnection[] connections = new PhaseConnection[5];
        HttpTarget target = HttpTarget.of(URI.create("http://127.0.0.1:1"), "sk_key");
        for (int c = 0; c < connections.length; c++) {
            connections[c] = new PhaseConnection(c, target.address(), null,
                    TransferRequestTemplate.of(target, TransferEndpoint.SINGLE, 1, UuidVersion.V7));
        }

        assertThat(PhaseRunner.share(connections, 0, 2)).containsExactly(connections[0], connections[2], connections[4]);
        assertThat(PhaseRunner.share(connections, 1, 2)).containsExactly(connections[1], connections[3]);
        assertThat(PhaseRunner.share(connections, 0, 1)).containsExactly(connections);
        assertThatThrownBy(() -> PhaseRunner.share(connections, 0, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Reads each request whole (head and Content-Length body) and writes the script's answer in
     * {@code pieces} flushed writes on a TCP_NODELAY socket, each its own segment, so the client
     * usually sees it arrive in parts (every split point is covered exactly by HttpResponseParserTest).
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket listener;
        private final Script script;
        private final int pieces;
        private final AtomicLong malformedRequests = new AtomicLong();

        private ScriptedServer(Script script, int pieces) throws IOException {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.script = script;
            this.pieces = pieces;
            Thread.ofVirtual().start(this::accept);
        }

        static ScriptedServer start(Script script, int pieces) throws IOException {
            return new ScriptedServer(script, pieces);
        }

        int port() {
            return listener.getLocalPort();
        }

        long malformedRequests() {
            return malformedRequests.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (long n = 1; readRequest(in); n++) {
                    String answer = script.answer(n);
                    if (answer == null) {
                        return;
                    }
                    writeInPieces(out, answer.getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // The client went away, or the test is over.
            }
        }

        private void writeInPieces(OutputStream out, byte[] answer) throws IOException {
            int pieceBytes = Math.max(1, answer.length / pieces);
            for (int from = 0; from < answer.length; from += pieceBytes) {
                out.write(answer, from, Math.min(pieceBytes, answer.length - from));
                out.flush();
            }
        }

        /** Reads one request; false at the end of the stream. */
        private boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                head.append((char) b);
            }
            String text = head.toString();
            int at = text.indexOf("\r\nContent-Length: ");
            if (!text.startsWith("POST /v1/transfers HTTP/1.1\r\n") || at < 0) {
                malformedRequests.incrementAndGet();
                return false;
            }
            int length = Integer.parseInt(text.substring(at + 18, text.indexOf("\r\n", at + 2)));
            byte[] body = in.readNBytes(length);
            if (body.length != length || body[0] != '{' || body[length - 1] != '}') {
                malformedRequests.incrementAndGet();
                return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
