package dev.settle.pod;

/** The pod's queue is full: retry later (the HTTP layer answers 503 with Retry-After). Nothing was applied. */
public final class PodOverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PodOverloadedException(String message) {
        super(message);
    }
}
