package dev.settle.webhooks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * Keeps the first {@link DeliveryOutcome#RESPONSE_PREFIX_BYTES_MAX} bytes of one response body and
 * then aborts the exchange, so a receiver cannot make the sender buffer or wait for a large body.
 *
 * <p>It also remembers the status and the {@code Retry-After} header as soon as the head arrives, so
 * that when the sender's deadline passes while the body is still coming, the attempt can still be
 * reported with its status: {@link #prefix()} freezes the body at what has arrived. One instance per
 * attempt; the client calls it from its own threads and the sender reads it from another, hence the
 * lock.
 */
final class ResponsePrefixListener implements Response.Listener {
    /** Why a full prefix ends the exchange: not an error, only the end of what the sender reads. */
    private static final Exception PREFIX_COMPLETE = new Exception("response prefix complete", null, false, false) {};

    private final CompletableFuture<Result> completed = new CompletableFuture<>();
    private final byte[] prefix = new byte[DeliveryOutcome.RESPONSE_PREFIX_BYTES_MAX];
    private final Object lock = new Object();

    // Guarded by lock.
    private boolean headArrived;
    private int statusCode;
    private String retryAfter;
    private int length;
    private boolean frozen;

    @Override
    public void onHeaders(Response response) {
        synchronized (lock) {
            statusCode = response.getStatus();
            retryAfter = response.getHeaders().get("retry-after");
            headArrived = true;
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        boolean full;
        synchronized (lock) {
            if (frozen) {
                return;
            }
            int count = Math.min(content.remaining(), prefix.length - length);
            content.get(prefix, length, count);
            length += count;
            full = length == prefix.length;
        }
        if (full) {
            response.abort(PREFIX_COMPLETE);
        }
    }

    @Override
    public void onComplete(Result result) {
        completed.complete(result);
    }

    /** Completes when the exchange has ended, whether it succeeded, failed or was aborted. */
    CompletableFuture<Result> completed() {
        return completed;
    }

    /** Whether the status line and headers arrived. */
    boolean headArrived() {
        synchronized (lock) {
            return headArrived;
        }
    }

    /** The response's status; meaningful only once {@link #headArrived()}. */
    int statusCode() {
        synchronized (lock) {
            return statusCode;
        }
    }

    /** The raw Retry-After header, or null. */
    String retryAfter() {
        synchronized (lock) {
            return retryAfter;
        }
    }

    /** The bytes that arrived; nothing is appended after the first call, so every call agrees. */
    byte[] prefix() {
        synchronized (lock) {
            frozen = true;
            return Arrays.copyOf(prefix, length);
        }
    }
}
