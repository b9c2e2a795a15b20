package dev.settle.api.idempotency;

import dev.settle.api.ApiResponse;
import dev.settle.api.ErrorBodies;
import dev.settle.pod.DurableResponse;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's hold on its idempotency key: either an answer to replay, or the right to run and
 * have the answer stored with the effect.
 */
public final class Claim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Claim.class);
    private final IdempotencyKeys keys;
    private final String slot;
    private final byte[] storeKey;
    private final byte[] fingerprint;
    private final IdempotencyRecord replay;

    Claim(IdempotencyKeys keys, String slot, byte[] storeKey, byte[] fingerprint, IdempotencyRecord replay) {
        this.keys = keys;
        this.slot = slot;
        this.storeKey = storeKey;
        this.fingerprint = fingerprint;
        this.replay = replay;
    }

    /** The stored answer to replay, or null when the request runs. */
    public IdempotencyRecord replay() {
        return replay;
    }

    /**
     * What the pod writes with the effect: {@code render} turns the outcome into the answer,
     * on the pod's writer thread; the answer is then kept for the caller.
     */
    public Recorder recorder(String apiVersion, Function<Object, ApiResponse> render) {
        return new Recorder(apiVersion, render);
    }

    @Override
    public void close() {
        keys.release(slot);
    }

    /** Renders and stores the answer in the effect's batch, and keeps it for sending. */
    public final class Recorder implements DurableResponse {
        private final String apiVersion;
        private final Function<Object, ApiResponse> render;
        private volatile ApiResponse rendered;

        private Recorder(String apiVersion, Function<Object, ApiResponse> render) {
            this.apiVersion = apiVersion;
            this.render = render;
        }

        @Override
        public byte[] key() {
            return storeKey;
        }

        @Override
        public byte[] encode(Object outcome) {
            ApiResponse answer;
            try {
                answer = render.apply(outcome);
            } catch (RuntimeException e) {
                // Never fail the pod's batch over an answer: the effect stands, the answer says 500.
                LOG.error("rendering a stored answer failed", e);
                answer = ErrorBodies.internal(null);
            }
            rendered = answer;
            return new IdempotencyRecord(keys.nowMillis(), fingerprint, answer.status(),
                    apiVersion, answer.body()).encode();
        }

        /** The answer rendered when the effect was applied (set before the submission completes). */
        public ApiResponse rendered() {
            return rendered;
        }
    }
}
