package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender connects to the address its check approved, but TLS still speaks to the name: SNI
 * carries it and the certificate must be for it. A receiver whose certificate names another host
 * fails the handshake even though it sits at an approved address.
 */
class DeliverySenderTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long WAIT_SECONDS = 10;
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String NAME = "receiver.test";

    @TempDir
    Path dir;

    @Test
    void tlsNamesTheHostWhileTheConnectionGoesToTheCheckedAddress() throws Exception {
        KeyStore keys = selfSigned(NAME);
        AddressResolver resolver = host -> switch (host) {
            case NAME, "impostor.test" -> new InetAddress[] {InetAddress.getLoopbackAddress()};
            default -> throw new UnknownHostException("unknown to the test");
        };
        try (TlsServer server = new TlsServer(keys);
                DeliverySender sender = new DeliverySender(TIMEOUT, TIMEOUT, new TargetPolicy(true, resolver),
                        trusting(keys))) {

            DeliveryOutcome outcome = sender.send(URI.create("https://" + NAME + ":" + server.port() + "/hooks"),
                    "msg_tls", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8), "v1,abc=");

            assertThat(outcome.statusCode()).as(outcome.toString()).isEqualTo(200);
            assertThat(outcome.responsePrefix()).isEqualTo("over tls");
            assertThat(server.serverNames.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .containsExactly(new SNIHostName(NAME));
            assertThat(server.hostHeader.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(NAME + ":" + server.port());

            DeliveryOutcome impostor = sender.send(URI.create("https://impostor.test:" + server.port() + "/hooks"),
                    "msg_tls", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8), "v1,abc=");

            assertThat(impostor.statusCode()).isZero();
            assertThat(impostor.error()).isEqualTo(DeliveryOutcome.TLS_FAILED);
        }
    }

    /** A PKCS12 key store with a fresh EC key and a self-signed certificate for {@code name}, made by keytool. */
    private KeyStore selfSigned(String name) throws Exception {
        Path file = dir.resolve("receiver.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    /** Client TLS settings that trust the test's certificate and nothing else. */
    private static SslContextFactory.Client trusting(KeyStore keys) throws Exception {
        Certificate certificate = keys.getCertificate("receiver");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("receiver", certificate);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStore(trust);
        return tls;
    }

    /** Accepts TLS connections, records the SNI names and Host header of the first request, answers 200. */
    private static final class TlsServer implements AutoCloseable {
        final CompletableFuture<List<SNIServerName>> serverNames = new CompletableFuture<>();
        final CompletableFuture<String> hostHeader = new CompletableFuture<>();
        private final SSLServerSocket socket;

        TlsServer(KeyStore keys) throws Exception {
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    SSLSocket connection = (SSLSocket) socket.accept();
                    Thread.ofVirtual().start(() -> handle(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void handle(SSLSocket connection) {
            try (connection) {
                connection.startHandshake();
                serverNames.complete(((ExtendedSSLSession) connection.getSession()).getRequestedServerNames());
                HttpWire.Request request = HttpWire.read(new BufferedInputStream(connection.getInputStream()));
                if (request != null) {
                    hostHeader.complete(request.header("host"));
                    HttpWire.writeResponse(connection.getOutputStream(), 200, Map.of(),
                            "over tls".getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException handshakeRefusedByTheClient) {
                // The impostor's handshake: the client refuses the certificate.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
