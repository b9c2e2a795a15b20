package dev.settle.api.tls;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The connection factories of the API's connector. Plain: HTTP/1.1. With a {@link TlsIdentity}:
 * TLS, then ALPN picks HTTP/2 when the client offers {@code h2} and HTTP/1.1 otherwise (a client
 * that offers no ALPN gets HTTP/1.1). Only TLS 1.3 and 1.2; the JDK's cipher suites minus
 * Jetty's default exclusions (no RSA key exchange, no SHA-1 or MD5 MACs, no NULL or anonymous
 * suites), ordered so that HTTP/2's required suites come first; no renegotiation (a TLS 1.2
 * client could make the server pay for a handshake as often as it likes).
 */
public final class TlsConnections {
    /** The protocols offered; anything older has known attacks and no client that needs it. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    public static final String SCHEME_HTTPS = "https";
    public static final String SCHEME_HTTP = "http";

    private TlsConnections() {}

    /** Plain HTTP/1.1 when {@code tls} is null; otherwise TLS with HTTP/2 and HTTP/1.1 by ALPN. */
    public static ConnectionFactory[] factories(HttpConfiguration config, TlsIdentity tls) {
        if (tls == null) {
            return new ConnectionFactory[] {new HttpConnectionFactory(config)};
        }
        HttpConfiguration https = new HttpConfiguration(config);
        https.setSecureScheme(SCHEME_HTTPS);
        https.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        // ALPN's names are "h2" and "http/1.1"; Jetty's HTTP/1.1 factory is called "HTTP/1.1", so the
        // ALPN factory takes the names from the connector's factories (constructor without names).
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(contextFactory(tls), alpn.getProtocol());
        return new ConnectionFactory[] {ssl, alpn, http2, http1};
    }

    /** {@code https} with a TLS identity, else {@code http}. */
    public static String scheme(TlsIdentity tls) {
        return tls == null ? SCHEME_HTTP : SCHEME_HTTPS;
    }

    private static SslContextFactory.Server contextFactory(TlsIdentity tls) {
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStore(tls.keyStore());
        context.setKeyStorePassword(tls.keyStorePassword());
        context.setKeyManagerPassword(tls.keyStorePassword());
        context.setIncludeProtocols(PROTOCOLS);
        context.setCipherComparator(HTTP2Cipher.COMPARATOR);
        context.setUseCipherSuitesOrder(true);
        context.setRenegotiationAllowed(false);
        return context;
    }
}
