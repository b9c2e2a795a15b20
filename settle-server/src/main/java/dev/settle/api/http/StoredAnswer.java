package dev.settle.api.http;

import dev.settle.api.idempotency.Claim;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.pod.DurableResponse;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer of a request with an idempotency key, stored in the same batch as its effect: the
 * pod renders it from the outcome on its writer thread, and it is kept for sending, so the
 * first answer and every replay are the same bytes.
 */
public final class StoredAnswer implements DurableResponse {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAnswer.class);

    private final Claim claim;
    private final String apiVersion;
    private final Function<Object, ApiResponse> render;
    private final IdempotencyRecord.Storage storage;
    private volatile ApiResponse rendered;

    StoredAnswer(Claim claim, String apiVersion, Function<Object, ApiResponse> render,
            IdempotencyRecord.Storage storage) {
        this.claim = claim;
        this.apiVersion = apiVersion;
        this.render = render;
        this.storage = storage;
    }

    @Override
    public byte[] key() {
        return claim.storeKey();
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
        return claim.record(answer.status(), apiVersion, answer.body(), storage);
    }

    /** The answer rendered when the effect was applied (set before the submission completes), or null. */
    public ApiResponse rendered() {
        return rendered;
    }
}
