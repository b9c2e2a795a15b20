package dev.settle.webhooks;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first {@link DeliveryOutcome#RESPONSE_PREFIX_BYTES_MAX} bytes of one response body and
 * then cancels the rest, so a receiver cannot make the sender buffer or wait for a large body.
 *
 * <p>It also remembers the status line and headers as soon as they arrive, so that when the
 * sender's deadline passes while the body is still coming, the attempt can still be reported with
 * its status: {@link #abort()} completes the body with what has arrived and closes the connection.
 * One instance per attempt; the HTTP client calls it from its own threads and the sender may abort
 * from another, hence the lock.
 */
final class ResponsePrefixSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final byte[] prefix = new byte[DeliveryOutcome.RESPONSE_PREFIX_BYTES_MAX];
    private final Object lock = new Object();
    private volatile HttpResponse.ResponseInfo responseInfo;

    // Guarded by lock.
    private int length;
    private Flow.Subscription subscription;
    private boolean finished;

    /** The body handler: records the response's status and headers, then reads the body here. */
    HttpResponse.BodySubscriber<byte[]> start(HttpResponse.ResponseInfo info) {
        if (responseInfo != null) {
            throw new IllegalStateException("one subscriber serves one response");
        }
        responseInfo = info;
        return this;
    }

    /** The status and headers, or null while they have not arrived. */
    HttpResponse.ResponseInfo responseInfo() {
        return responseInfo;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        boolean alreadyFinished;
        synchronized (lock) {
            alreadyFinished = finished;
            subscription = newSubscription;
        }
        if (alreadyFinished) {
            newSubscription.cancel();
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        boolean full;
        Flow.Subscription current;
        synchronized (lock) {
            if (finished) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int count = Math.min(buffer.remaining(), prefix.length - length);
                buffer.get(prefix, length, count);
                length += count;
            }
            full = length == prefix.length;
            current = subscription;
        }
        if (full) {
            finish(true);
        } else {
            current.request(1);
        }
    }

    /** A body cut short still leaves the status line, which is what decides the outcome. */
    @Override
    public void onError(Throwable failure) {
        finish(false);
    }

    @Override
    public void onComplete() {
        finish(false);
    }

    /** Stops reading, closes the connection and returns the bytes that arrived. */
    byte[] abort() {
        return finish(true);
    }

    private byte[] finish(boolean cancel) {
        byte[] result;
        Flow.Subscription current;
        synchronized (lock) {
            finished = true;
            // Nothing is appended once finished, so every call returns the same bytes.
            result = Arrays.copyOf(prefix, length);
            current = subscription;
        }
        if (cancel && current != null) {
            current.cancel();
        }
        body.complete(result);
        return result;
    }
}
