package dev.settle.pod;

/**
 * A response to store in the same atomic batch as the effect it answers (an idempotency record),
 * as data: the record's key, the renderer that turns the command's outcome into the record's
 * bytes, and what that renderer needs besides the command and the outcome. Nothing in it refers to
 * the request that sent it, so it can travel with its command in a replication log entry (the
 * renderer by its {@link Renderer#id}) and every member that applies the batch stores the same
 * bytes.
 *
 * @param key the record's key (ledger number first, see {@code StoreLayout})
 * @param renderer renders the stored bytes; {@link #AS_IS} stores {@code data} unchanged (an answer
 *     fixed before its command was submitted)
 * @param data the renderer's input besides the command and its outcome
 */
public record DurableResponse(byte[] key, Renderer renderer, byte[] data) {
    /**
     * Turns a command's outcome into the bytes to store. Deterministic: a function of its
     * arguments only (no clock, no random numbers, no state), so that every member applying the
     * same batch stores the same bytes. It runs on the applying thread: keep it quick, and never
     * throw (a failure must become a stored error answer, not a failed batch).
     */
    public interface Renderer {
        /** Stable across versions: a replication log names the renderer by it. */
        int id();

        /** The bytes to store for {@code outcome} of {@code command}, applied at {@code batchTimeNanos}. */
        byte[] render(byte[] data, PodCommand<?> command, Object outcome, long batchTimeNanos);

        /**
         * Whether the response with {@code data} replaces {@code earlier}, the record already stored
         * under its key (which otherwise answers for it: its command is not applied). A function of
         * its arguments only, so every member decides alike.
         */
        default boolean supersedes(byte[] data, byte[] earlier) {
            return false;
        }
    }

    /** Stores {@code data} as it is: the answer was rendered before its command was submitted. */
    public static final Renderer AS_IS = new Renderer() {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public byte[] render(byte[] data, PodCommand<?> command, Object outcome, long batchTimeNanos) {
            return data;
        }
    };

    public DurableResponse {
        if (key == null || renderer == null || data == null) {
            throw new IllegalArgumentException("a durable response needs a key, a renderer and data");
        }
    }

    /** A response whose stored bytes are fixed already. */
    public static DurableResponse asIs(byte[] key, byte[] record) {
        return new DurableResponse(key, AS_IS, record);
    }

    /** The bytes to store for {@code outcome} of {@code command} (null for a change outside a pod). */
    public byte[] render(PodCommand<?> command, Object outcome, long batchTimeNanos) {
        return renderer.render(data, command, outcome, batchTimeNanos);
    }

    /**
     * The bytes of a response fixed before its change was submitted ({@link #AS_IS}), for a write
     * outside a pod's batches, where there is no command to render from.
     */
    public byte[] fixedRecord() {
        if (renderer != AS_IS) {
            throw new IllegalStateException("only a fixed response can be stored outside a pod's batch");
        }
        return data;
    }
}
