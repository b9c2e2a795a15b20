package dev.settle.ledger;

/**
 * Invariant checks that stay on in production (the JVM's {@code assert} is off by default).
 *
 * <p>A failed check is a bug, never a client's mistake: clients get result codes. The error
 * stops the writer that owns the state, which is then reloaded from durable storage.
 */
public final class Invariants {
    private Invariants() {}

    /** Stops with {@code message} unless {@code condition} holds. Pass constant strings only. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvariantViolation(message);
        }
    }

    /** Thrown when the state machine finds its own state broken. */
    public static final class InvariantViolation extends Error {
        private static final long serialVersionUID = 1L;

        InvariantViolation(String message) {
            super("ledger invariant violated: " + message);
        }
    }
}
