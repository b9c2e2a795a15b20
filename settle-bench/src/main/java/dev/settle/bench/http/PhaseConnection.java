package dev.settle.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive, non-blocking HTTP/1.1 connection of a measured phase, with one request in flight
 * at a time: its socket, its request (encoded once, refilled in place) and its answer parser.
 * It moves the bytes; its {@link EventLoop}, the only thread that touches it, decides what to
 * send and counts what comes back. When the server closes it or it fails, the loop closes it and
 * the next {@link #send} opens a new socket.
 *
 * <pre>
 * IDLE --send--> CONNECTING --connected--> WRITING --all written--> READING --answer complete--> IDLE
 *                (no socket)                (only while the socket's send buffer is full)
 * </pre>
 */
final class PhaseConnection {
    /** A server that accepts no connection within this fails the request instead of hanging the phase. */
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(HttpConnection.CONNECT_TIMEOUT_MILLIS);
    /** A stalled server fails the request after this long, from its sending to its whole answer. */
    static final long ANSWER_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(HttpConnection.READ_TIMEOUT_MILLIS);

    private enum Stage {
        IDLE, CONNECTING, WRITING, READING
    }

    private final int index;
    private final InetSocketAddress address;
    private final TransferRequestTemplate request;
    /** Wraps the template's bytes, so a refill is seen without copying. */
    private final ByteBuffer requestBuffer;
    private final HttpResponseParser parser = new HttpResponseParser();
    private final HttpResponse response = new HttpResponse();
    private SocketChannel channel;
    private SelectionKey key;
    private Stage stage = Stage.IDLE;
    private long sentNanos;
    private int failuresInARow;

    /**
     * @param channel already connected and non-blocking (so that an unreachable server fails
     *     before the phase starts), or null to connect on the first {@link #send}
     */
    PhaseConnection(int index, InetSocketAddress address, SocketChannel channel, TransferRequestTemplate request) {
        if (channel != null && (channel.isBlocking() || !channel.isConnected())) {
            throw new IllegalArgumentException("the connection's first channel must be connected and non-blocking");
        }
        this.index = index;
        this.address = address;
        this.channel = channel;
        this.request = request;
        this.requestBuffer = ByteBuffer.wrap(request.bytes());
    }

    /** Registers the first channel with the loop's selector; the loop calls this once, from its own thread. */
    void register(Selector selector) throws IOException {
        if (key != null) {
            throw new IllegalStateException("connection " + index + " is registered already");
        }
        if (channel != null) {
            key = channel.register(selector, 0, this);
        }
    }

    int index() {
        return index;
    }

    TransferRequestTemplate request() {
        return request;
    }

    /** The last complete answer; valid until the next {@link #send}. */
    HttpResponse response() {
        return response;
    }

    long sentNanos() {
        return sentNanos;
    }

    /**
     * Sends the request as filled now, connecting first when the connection has no socket. As
     * much as the socket takes is written at once; the rest when the selector says it is writable.
     *
     * @param nowNanos when the request counts as sent: its latency runs from here
     */
    void send(Selector selector, long nowNanos) throws IOException {
        if (stage != Stage.IDLE) {
            throw new IllegalStateException("connection " + index + " sends while " + stage);
        }
        sentNanos = nowNanos;
        requestBuffer.clear();
        parser.start(response);
        if (channel == null) {
            connect(selector);
        } else {
            write();
        }
    }

    /**
     * Acts on the selector's readiness of this connection's socket.
     *
     * @return true when the answer is complete and in {@link #response}; the connection is then idle
     */
    boolean onReady(ByteBuffer readBuffer) throws IOException {
        switch (stage) {
            case CONNECTING -> {
                if (channel.finishConnect()) {
                    write();
                }
                return false;
            }
            case WRITING -> {
                write();
                return false;
            }
            case READING -> {
                return read(readBuffer);
            }
            case IDLE -> throw new IllegalStateException("connection " + index + " is ready while idle");
        }
        throw new AssertionError("unknown stage " + stage);
    }

    /** An answer came: the count of failures in a row starts over. */
    void answered() {
        failuresInARow = 0;
    }

    /** Counts one more failure since the last answer; returns the count. */
    int failedAgain() {
        return ++failuresInARow;
    }

    /** Why the request in flight has waited too long, or null while it may still be answered. */
    String overdue(long nowNanos) {
        return switch (stage) {
            case IDLE -> null;
            case CONNECTING -> nowNanos - sentNanos >= CONNECT_TIMEOUT_NANOS
                    ? "not connected within " + HttpConnection.CONNECT_TIMEOUT_MILLIS + " ms" : null;
            case WRITING, READING -> nowNanos - sentNanos >= ANSWER_TIMEOUT_NANOS
                    ? "no answer within " + HttpConnection.READ_TIMEOUT_MILLIS + " ms" : null;
        };
    }

    /** Closes the socket, if any (which also drops it from the selector); the connection is idle after. */
    void close() {
        stage = Stage.IDLE;
        key = null;
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to flush or read on a benchmark connection; a failed close loses nothing.
        }
        channel = null;
    }

    private void connect(Selector selector) throws IOException {
        SocketChannel opened = SocketChannel.open();
        boolean connected;
        try {
            opened.configureBlocking(false);
            opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected = opened.connect(address);
            key = opened.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        stage = Stage.CONNECTING;
        if (connected) {
            write();
        }
    }

    /** One write: with TCP_NODELAY the request leaves in as few segments as its size allows. */
    private void write() throws IOException {
        channel.write(requestBuffer);
        if (requestBuffer.hasRemaining()) {
            stage = Stage.WRITING;
            interest(SelectionKey.OP_WRITE);
        } else {
            stage = Stage.READING;
            interest(SelectionKey.OP_READ);
        }
    }

    /**
     * Reads what has arrived into the loop's buffer and parses it; the parser keeps what it needs,
     * so the buffer is free again for the loop's next connection. Reads again only while a read
     * fills the whole buffer (more may be waiting): one read per answer in the common case.
     */
    private boolean read(ByteBuffer readBuffer) throws IOException {
        // Bounded: every pass but the last parses a full buffer, and the answer's body limit bounds those.
        while (true) {
            readBuffer.clear();
            int read = channel.read(readBuffer);
            if (read < 0) {
                parser.endOfStream();
                stage = Stage.IDLE;
                return true;
            }
            int consumed = parser.parse(readBuffer.array(), readBuffer.arrayOffset(), read);
            if (parser.isComplete()) {
                if (consumed != read) {
                    // One request is in flight, so anything after its answer was not asked for.
                    throw new HttpProtocolException("the server sent " + (read - consumed)
                            + " bytes after the answer, unasked");
                }
                stage = Stage.IDLE;
                return true;
            }
            if (read < readBuffer.capacity()) {
                return false;
            }
        }
    }

    /** Changes the key's interest only when it differs: each change costs the selector a system call. */
    private void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}
