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
}
