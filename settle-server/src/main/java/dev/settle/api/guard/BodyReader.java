package dev.settle.api.guard;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads request bodies against a deadline, chunk by chunk as they arrive, and drops unread bodies
 * without waiting for them. Jetty's blocking input stream would wait for each byte up to the idle
 * timeout, which every byte resets: a client could stretch one body over hours.
 */
public final class BodyReader {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private BodyReader() {}

    /**
     * The whole body, at most {@code bytesMax} bytes, complete within {@link
     * ConnectionLimits#bodyDeadlineNanos} of its declared length (of {@code bytesMax} when it
     * declares none).
     */
    public static byte[] read(Request request, int bytesMax, ConnectionLimits limits) throws IOException {
        long declared = request.getLength();
        if (declared > bytesMax) {
            throw new BodyTooLargeException();
        }
        long budgetNanos = limits.bodyDeadlineNanos(declared >= 0 ? declared : bytesMax);
        long deadline = System.nanoTime() + budgetNanos;
        byte[] body = new byte[declared >= 0 ? (int) declared : Math.min(bytesMax, INITIAL_UNDECLARED_BYTES)];
        int length = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitContent(request, deadline, budgetNanos);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    throw failure instanceof IOException io ? io : new IOException(failure);
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if (length + (long) n > bytesMax) {
                    throw new BodyTooLargeException();
                }
                if (length + n > body.length) {
                    if (declared >= 0) {
                        throw new IOException("the body is longer than its Content-Length");
                    }
                    body = Arrays.copyOf(body, Math.min(bytesMax, Math.max(length + n, body.length * 2)));
                }
                bytes.get(body, length, n);
                length += n;
                if (chunk.isLast()) {
                    break;
                }
            } finally {
                chunk.release();
            }
        }
        if (declared >= 0 && length < declared) {
            throw new EOFException("the body ended before its Content-Length");
        }
        return length == body.length ? body : Arrays.copyOf(body, length);
    }

    /**
     * The body as a stream, for bodies too large to hold (a statement file of up to a gigabyte):
     * at most {@code bytesMax} bytes ({@link BodyTooLargeException} past them), all arrived within
     * {@link ConnectionLimits#bodyDeadlineNanos} of the declared length (of {@code bytesMax} when
     * none is declared), chunk by chunk as {@link #read} does.
     */
    public static InputStream stream(Request request, long bytesMax, ConnectionLimits limits) throws IOException {
        long declared = request.getLength();
        if (declared > bytesMax) {
            throw new BodyTooLargeException();
        }
        long budgetNanos = limits.bodyDeadlineNanos(declared >= 0 ? declared : bytesMax);
        long deadline = System.nanoTime() + budgetNanos;
        return new InputStream() {
            private ByteBuffer current;
            private Content.Chunk held;
            private long received;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (current == null || !current.hasRemaining()) {
                    if (ended) {
                        if (declared >= 0 && received < declared) {
                            throw new EOFException("the body ended before its Content-Length");
                        }
                        return -1;
                    }
                    nextChunk();
                }
                int n = Math.min(length, current.remaining());
                current.get(into, offset, n);
                return n;
            }

            private void nextChunk() throws IOException {
                if (held != null) {
                    held.release();
                    held = null;
                }
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    awaitContent(request, deadline, budgetNanos);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    chunk.release();
                    throw failure instanceof IOException io ? io : new IOException(failure);
                }
                held = chunk;
                current = chunk.getByteBuffer();
                received += current.remaining();
                if (received > bytesMax || (declared >= 0 && received > declared)) {
                    throw new BodyTooLargeException();
                }
                ended = chunk.isLast();
            }

            @Override
            public void close() {
                if (held != null) {
                    held.release();
                    held = null;
                }
            }
        };
    }

    /**
     * Drops what has already arrived of a body nobody read, without waiting for more; true when
     * that was all of it (the connection can carry the next request), false when more is to come.
     */
    public static boolean dropArrived(Request request) {
        if (request.getLength() == 0) {
            return true;
        }
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                return false;
            }
            boolean last = chunk.isLast();
            boolean failed = Content.Chunk.isFailure(chunk);
            chunk.release();
            if (failed) {
                return false;
            }
            if (last) {
                return true;
            }
        }
    }

    /** Undeclared (chunked) bodies start in a buffer this large and double as they grow. */
    static final int INITIAL_UNDECLARED_BYTES = 16 * 1024;

    /** Waits until more content can be read, or throws when the deadline passes first. */
    private static void awaitContent(Request request, long deadline, long budgetNanos) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new BodyTimeoutException(budgetNanos / NANOS_PER_MILLI);
        }
        CompletableFuture<Void> readable = new CompletableFuture<>();
        request.demand(() -> readable.complete(null));
        try {
            readable.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BodyTimeoutException(budgetNanos / NANOS_PER_MILLI);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the body", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }
}
