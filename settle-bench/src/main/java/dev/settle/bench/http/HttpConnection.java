package dev.settle.bench.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One blocking keep-alive HTTP/1.1 connection that carries one request at a time, for the account
 * setup (the measured phases use {@link PhaseConnection}s instead). When the server closes
 * it ({@code Connection: close}) or an exchange fails, the socket is dropped and the next
 * exchange opens a new one. Owned by one thread.
 */
final class HttpConnection implements AutoCloseable {
    /** Long enough for a loaded local server, short enough that a wrong address fails the run quickly. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** A stalled server fails the exchange after this long instead of hanging the run. */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress address;
    private final HttpResponseReader reader = new HttpResponseReader();
    private Socket socket;
    private OutputStream out;

    private HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /** A connection to {@code address}, already connected so that an unreachable server fails here. */
    static HttpConnection open(InetSocketAddress address) throws IOException {
        HttpConnection connection = new HttpConnection(address);
        connection.connect();
        return connection;
    }

    /**
     * Sends {@code request} (a complete HTTP/1.1 request: head and body) and reads its answer.
     * On failure the socket is closed; the next exchange reconnects.
     */
    void exchange(byte[] request, HttpResponse response) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            // One write of the whole request: with TCP_NODELAY it leaves in as few segments as its size allows.
            out.write(request);
            reader.read(response);
        } catch (IOException e) {
            close();
            throw e;
        }
        if (!response.keepAlive()) {
            close();
        }
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(READ_TIMEOUT_MILLIS);
            opened.connect(address, CONNECT_TIMEOUT_MILLIS);
            out = opened.getOutputStream();
            reader.attach(opened.getInputStream());
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing is left to flush or read on a benchmark connection; a failed close loses nothing.
        }
        socket = null;
        out = null;
    }
}
