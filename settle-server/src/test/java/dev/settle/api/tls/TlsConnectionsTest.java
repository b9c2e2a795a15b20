package dev.settle.api.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

/** The connection factories: plain is HTTP/1.1 alone; TLS offers TLS 1.3 and 1.2 only, h2 and http/1.1. */
class TlsConnectionsTest {
    @Test
    void withoutAnIdentityTheConnectorSpeaksPlainHttp1() {
        ConnectionFactory[] factories = TlsConnections.factories(new HttpConfiguration(), null);
        assertThat(factories).singleElement().isInstanceOf(HttpConnectionFactory.class);
        assertThat(TlsConnections.scheme(null)).isEqualTo("http");
    }

    @Test
    void withAnIdentityOnlyTls12And13AreEnabledAndAlpnOffersH2ThenHttp11() throws Exception {
        TlsIdentity identity = TlsIdentity.load(TlsIdentityTest.file("ec-cert.pem"), TlsIdentityTest.file("ec-key.pem"),
                Instant.parse("2026-12-01T00:00:00Z"));
        ConnectionFactory[] factories = TlsConnections.factories(new HttpConfiguration(), identity);
        assertThat(Arrays.stream(factories).map(ConnectionFactory::getProtocol))
                .containsExactly("SSL", "alpn", "h2", "HTTP/1.1");
        SslContextFactory.Server context = ((SslConnectionFactory) factories[0]).getSslContextFactory();
        context.start();
        try {
            assertThat(context.getSelectedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(context.getSelectedCipherSuites()).isNotEmpty()
                    .noneMatch(suite -> suite.startsWith("TLS_RSA_") || suite.endsWith("_SHA") || suite.contains("NULL"));
            assertThat(context.isRenegotiationAllowed()).isFalse();
        } finally {
            context.stop();
        }
        assertThat(TlsConnections.scheme(identity)).isEqualTo("https");
    }
}
