package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS with the self-signed test certificate (src/test/resources/tls): a real call
 * answers over HTTP/2 when the client asks for it and over HTTP/1.1 otherwise, the client guards
 * hold for both, plain HTTP to the TLS port gets nothing, and a handshake that never finishes is
 * cut off at the header deadline.
 */
class HttpsApiTest {
    private static final int HEADER_DEADLINE_SECONDS = 1;
    private static final int BODY_GRACE_SECONDS = 10;
    private static final int BODY_MIN_RATE_KIB = 64;
    private static final long CUT_BOUND_MILLIS = 10_000;
    private static final long TRICKLE_GAP_MILLIS = 200;

    @TempDir
    Path data;
    private TestServer server;
    private String base;

    static Path resource(String name) {
        try {
            return Path.of(HttpsApiTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, c -> c.tls(resource("ec-cert.pem"), resource("ec-key.pem"))
                .deadlines(HEADER_DEADLINE_SECONDS, BODY_GRACE_SECONDS, BODY_MIN_RATE_KIB));
        base = "https://127.0.0.1:" + server.server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client that trusts the test certificate alone, asking for {@code version}. */
    private static HttpClient client(HttpClient.Version version) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(resource("ec-cert.pem"))) {
            trusted.setCertificateEntry("settle", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpResponse<String> post(HttpClient client, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(HttpClient client, String path, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientAskingForHttp2GetsTheApiOverHttp2() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_2);
        HttpResponse<String> created = post(client, "/v1/accounts", server.defaultKey, "{\"currency\":\"EUR\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(created.sslSession()).get().extracting(s -> s.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        String id = (String) new TestServer.Answer(201, created.headers(), created.body()).field("id");
        HttpResponse<String> read = get(client, "/v1/accounts/" + id, server.defaultKey);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(read.headers().firstValue("Request-Id")).isPresent();
        // The connection guard counts TLS connections by their network address too.
        assertThat(server.server.connectionGuard().openFrom(InetAddress.getByName("127.0.0.1"))).isGreaterThan(0);
    }

    @Test
    void aClientAskingForHttp11GetsTheApiOverHttp11() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<String> created = post(client, "/v1/accounts", server.defaultKey, "{\"currency\":\"EUR\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void aClientOfferingOnlyHttp11ByAlpnGetsIt() throws Exception {
        // curl --http1.1 offers ALPN "http/1.1" alone (the JDK's HTTP/1.1 client offers none).
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(resource("ec-cert.pem"))) {
            trusted.setCertificateEntry("settle", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aKeylessPostIsAnswered401WithTheErrorObjectOverBothVersions() throws Exception {
        for (HttpClient.Version version : new HttpClient.Version[] {HttpClient.Version.HTTP_2,
                HttpClient.Version.HTTP_1_1}) {
            HttpResponse<String> refused = post(client(version), "/v1/transfers", null, "{\"amount\":1}");
            assertThat(refused.statusCode()).as(version.toString()).isEqualTo(401);
            assertThat(refused.version()).isEqualTo(version);
            assertThat(refused.headers().firstValue("Request-Id")).isPresent();
            Map<String, Object> json = new TestServer.Answer(401, refused.headers(), refused.body()).json();
            assertThat(json).containsKey("error");
        }
    }

    @Test
    void anHttp2HeaderBlockLargerThanTheLimitClosesItsConnectionAndTheServerServesOn() throws Exception {
        // Jetty announces the limit (SETTINGS_MAX_HEADER_LIST_SIZE); a block past it fails the
        // connection (GOAWAY), so the request never reaches the API. The JDK client ignores the setting.
        HttpRequest oversized = HttpRequest.newBuilder(URI.create(base + "/v1/accounts"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + server.defaultKey)
                .header("X-Padding", "x".repeat(ApiServer.REQUEST_HEADER_BYTES_MAX + 1)).build();
        assertThatThrownBy(() -> client(HttpClient.Version.HTTP_2).send(oversized, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        HttpResponse<String> next = get(client(HttpClient.Version.HTTP_2), "/v1/accounts", server.defaultKey);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.port()
                + "/health/live")).timeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aHandshakeTrickledByteByByteIsCutOffAtTheHeaderDeadline() throws Exception {
        // A TLS record header announcing a 512-byte ClientHello, then one byte every 200 ms.
        byte[] recordHeader = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        try (RawConnection slow = new RawConnection(server.server.port())) {
            slow.send(recordHeader);
            long start = System.nanoTime();
            boolean cut = false;
            while (!cut && System.nanoTime() - start < CUT_BOUND_MILLIS * 1_000_000) {
                cut = !slow.send(new byte[] {0}) || slow.awaitClose(TRICKLE_GAP_MILLIS);
            }
            assertThat(cut).as("connection closed by the handshake deadline").isTrue();
        }
        MetricsScrape scrape = MetricsScrape.parse(server.server.metrics().scrape());
        assertThat(scrape.value("settle_connections_closed_total", "reason=\"tls_handshake_deadline\""))
                .isEqualTo(1.0);
    }

    @Test
    void theCertificateAndKeyGoTogether() {
        assertThatThrownBy(() -> ServerConfig.builder(data).tls(resource("ec-cert.pem"), null).build())
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> ServerConfig.builder(data).tls(null, resource("ec-key.pem")).build())
                .isInstanceOf(ServerConfig.ConfigException.class);
        assertThatThrownBy(() -> ServerConfig.builder(data).tls(resource("ec-cert.pem"), resource("other-key.pem"))
                .build()).isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageStartingWith("--tls-cert/--tls-key: the key in").hasMessageContaining("does not belong");
        assertThatThrownBy(() -> ServerConfig.builder(data).tls(resource("expired-cert.pem"),
                resource("expired-key.pem")).build()).isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageContaining("expired on");
    }
}
