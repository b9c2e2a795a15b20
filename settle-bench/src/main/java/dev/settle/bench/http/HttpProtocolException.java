package dev.settle.bench.http;

import java.io.IOException;

/** The server's answer is not HTTP/1.1 that this client understands; the connection cannot be reused. */
final class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpProtocolException(String message) {
        super(message);
    }
}
