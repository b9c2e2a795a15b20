package dev.settle.api.http;

import dev.settle.api.idempotency.Claim;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.PodCommand;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a resource answers a command from its outcome: a pure function of the command, the outcome
 * and the {@link AnswerContext}. With an idempotency key the answer is stored in the same atomic
 * batch as the effect, rendered by whoever applies the batch (this node's pod writer, or each
 * member of a Raft group), and the caller's own answer is the same rendering: the first answer and
 * every replay are the same bytes on every node.
 *
 * <p>The {@link #id} names the renderer in a replication log: never renumber or reuse one
 * ({@code StoredAnswers} in the API package lists them all and checks that they are distinct).
 *
 * @param <C> the command it answers
 * @param <R> the command's outcome
 */
public final class AnswerRenderer<C extends PodCommand<R>, R> implements DurableResponse.Renderer {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerRenderer.class);

    /** The answer to {@code command}'s {@code outcome}: no clock, no state, no random numbers. */
    @FunctionalInterface
    public interface Render<C, R> {
        ApiResponse answer(AnswerContext context, C command, R outcome);
    }

    private final int id;
    private final String name;
    private final Class<C> commandType;
    private final Render<C, R> render;

    private AnswerRenderer(int id, String name, Class<C> commandType, Render<C, R> render) {
        if (id <= DurableResponse.AS_IS.id()) {
            throw new IllegalArgumentException("renderer ids start at " + (DurableResponse.AS_IS.id() + 1));
        }
        this.id = id;
        this.name = name;
        this.commandType = commandType;
        this.render = render;
    }

    public static <C extends PodCommand<R>, R> AnswerRenderer<C, R> of(int id, String name, Class<C> commandType,
            Render<C, R> render) {
        return new AnswerRenderer<>(id, name, commandType, render);
    }

    @Override
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The answer to give the caller (the same bytes as the stored one). */
    public ApiResponse answer(AnswerContext context, C command, R outcome) {
        return render.answer(context, command, outcome);
    }

    /**
     * What stores this renderer's answer under {@code storeKey} (the idempotency key's record), with
     * the effect; {@code fingerprint} is the request's (see {@link Claim#fingerprint}), and
     * {@code createdMillis} the record's creation time, fixed before the command is submitted.
     */
    DurableResponse response(byte[] storeKey, byte[] fingerprint, long createdMillis, AnswerContext context) {
        if (fingerprint.length != IdempotencyRecord.FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("a fingerprint has " + IdempotencyRecord.FINGERPRINT_BYTES + " bytes");
        }
        byte[] version = context.apiVersion().getBytes(StandardCharsets.US_ASCII);
        byte[] requestId = context.requestId().getBytes(StandardCharsets.US_ASCII);
        ByteSink data = new ByteSink(Long.BYTES + fingerprint.length + 2 + version.length + requestId.length);
        data.putLong(createdMillis);
        data.putBytes(fingerprint);
        data.putByte(version.length);
        data.putBytes(version);
        data.putByte(requestId.length);
        data.putBytes(requestId);
        return new DurableResponse(storeKey, this, data.toArray());
    }

    /**
     * The idempotency record: {@code data} is its creation time and the request's fingerprint,
     * version and id (see {@link #response}). A failing render stores a 500: the
     * effect stands, and a retry learns that its answer was lost rather than running again.
     */
    @Override
    public byte[] render(byte[] data, PodCommand<?> command, Object outcome, long batchTimeNanos) {
        long createdMillis = Bytes.getLong(data, 0);
        int versionAt = Long.BYTES + IdempotencyRecord.FINGERPRINT_BYTES;
        byte[] fingerprint = Arrays.copyOfRange(data, Long.BYTES, versionAt);
        int versionBytes = data[versionAt] & 0xFF;
        String version = new String(data, versionAt + 1, versionBytes, StandardCharsets.US_ASCII);
        int idAt = versionAt + 1 + versionBytes;
        String requestId = new String(data, idAt + 1, data[idAt] & 0xFF, StandardCharsets.US_ASCII);
        AnswerContext context = new AnswerContext(version, requestId);
        ApiResponse answer;
        try {
            @SuppressWarnings("unchecked")
            R typed = (R) outcome;
            answer = render.answer(context, commandType.cast(command), typed);
        } catch (RuntimeException e) {
            LOG.error("rendering the stored answer ({}) failed", name, e);
            answer = ErrorBodies.internal(requestId);
        }
        return new IdempotencyRecord(createdMillis, fingerprint, answer.status(), version,
                answer.body()).encode();
    }

    /**
     * An answer stored longer ago than idempotency keys are kept, as of this request's claim, no
     * longer answers for the key (as {@link dev.settle.api.idempotency.IdempotencyKeys} treats it).
     */
    @Override
    public boolean supersedes(byte[] data, byte[] earlier) {
        long claimedMillis = Bytes.getLong(data, 0);
        return claimedMillis - IdempotencyRecord.createdMillisOf(earlier) >= IdempotencyKeys.RETENTION.toMillis();
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
