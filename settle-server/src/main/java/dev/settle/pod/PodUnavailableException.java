package dev.settle.pod;

/**
 * The pod is closed, or stopped after a storage failure or a broken invariant. A submission that
 * fails with this was not acknowledged: after a restart it is either fully present or absent.
 */
public final class PodUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PodUnavailableException(String message) {
        super(message);
    }

    public PodUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Why pod {@code pod} takes nothing: closed ({@code cause} null), or stopped by {@code cause}. */
    static PodUnavailableException of(String pod, Throwable cause) {
        return cause == null
                ? new PodUnavailableException("pod " + pod + " is closed")
                : new PodUnavailableException("pod " + pod + " stopped: " + cause.getMessage(), cause);
    }
}
