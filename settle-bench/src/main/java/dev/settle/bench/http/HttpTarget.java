package dev.settle.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The server under load: where to connect and how every request addresses it (the
 * {@code Host}, the base path and the tenant's key). Also the one place that decides which base
 * URIs and keys can be put on the wire.
 */
final class HttpTarget {
    static final String SCHEME = "http";
    static final int PORT_DEFAULT = 80;
    /** Settle keys are 46 characters; this leaves room for other tokens while bounding the header. */
    static final int API_KEY_CHARS_MAX = 256;
    private static final String CRLF = "\r\n";

    private final InetSocketAddress address;
    private final String authority;
    private final String pathPrefix;
    private final String apiKey;

    private HttpTarget(InetSocketAddress address, String authority, String pathPrefix, String apiKey) {
        this.address = address;
        this.authority = authority;
        this.pathPrefix = pathPrefix;
        this.apiKey = apiKey;
    }

    /** The target of {@code baseUri} (checked by {@link #requireValidBaseUri}); the host is resolved here. */
    static HttpTarget of(URI baseUri, String apiKey) {
        requireValidBaseUri(baseUri);
        requireValidApiKey(apiKey);
        String host = baseUri.getHost();
        int port = baseUri.getPort() == -1 ? PORT_DEFAULT : baseUri.getPort();
        // URI keeps the brackets of an IPv6 literal; the Host header wants them, the socket address does not.
        String socketHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new HttpTarget(new InetSocketAddress(socketHost, port), host + ":" + port, prefix, apiKey);
    }

    /** Plain http with a host; an optional base path; no user, query or fragment. */
    static void requireValidBaseUri(URI baseUri) {
        if (baseUri == null) {
            throw new IllegalArgumentException("the HTTP bench needs the server's base URI");
        }
        if (baseUri.getScheme() == null || !SCHEME.equals(baseUri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the HTTP bench speaks plain http only, got " + baseUri);
        }
        if (baseUri.getHost() == null) {
            throw new IllegalArgumentException("the base URI needs a host, got " + baseUri);
        }
        if (baseUri.getRawUserInfo() != null || baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("the base URI must not have user info, a query or a fragment, got "
                    + baseUri);
        }
    }

    /** Visible ASCII only: the key goes verbatim into the Authorization header. Never echoes the key. */
    static void requireValidApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > API_KEY_CHARS_MAX) {
            throw new IllegalArgumentException("the API key must be 1.." + API_KEY_CHARS_MAX + " characters, got "
                    + (apiKey == null ? "none" : apiKey.length()));
        }
        for (int i = 0; i < apiKey.length(); i++) {
            char c = apiKey.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("the API key must be visible ASCII characters, found code "
                        + (int) c + " at index " + i);
            }
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /**
     * A new connection to the server.
     *
     * @throws IllegalStateException when the server cannot be reached
     */
    HttpConnection open() {
        try {
            return HttpConnection.open(address);
        } catch (IOException e) {
            throw new IllegalStateException("the server at " + describe() + " is not reachable: " + e, e);
        }
    }

    /**
     * A new non-blocking connection to the server for an event loop, with TCP_NODELAY, connected
     * here (waiting at most {@link HttpConnection#CONNECT_TIMEOUT_MILLIS}) so that an unreachable
     * server fails before a phase starts.
     *
     * @throws IllegalStateException when the server cannot be reached
     */
    SocketChannel openChannel() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // A blocking channel's socket adaptor is the one way to connect with a time limit.
            channel.socket().connect(address, HttpConnection.CONNECT_TIMEOUT_MILLIS);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("the server at " + describe() + " is not reachable: " + e, e);
        }
    }

    /** A complete POST of a JSON body to {@code path} (under the base path), as ASCII bytes. */
    byte[] post(String path, byte[] jsonBody) {
        byte[] head = postHead(path, jsonBody.length);
        byte[] request = new byte[head.length + jsonBody.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(jsonBody, 0, request, head.length, jsonBody.length);
        return request;
    }

    /** The head of a POST of a JSON body of {@code contentLengthBytes} to {@code path}, up to and with its blank line. */
    byte[] postHead(String path, int contentLengthBytes) {
        String head = "POST " + pathPrefix + path + " HTTP/1.1" + CRLF
                + "Host: " + authority + CRLF
                + "Authorization: Bearer " + apiKey + CRLF
                + "Content-Type: application/json" + CRLF
                + "Content-Length: " + contentLengthBytes + CRLF
                + CRLF;
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** The base URI as it may appear in messages (without the key). */
    String describe() {
        return SCHEME + "://" + authority + pathPrefix;
    }
}
