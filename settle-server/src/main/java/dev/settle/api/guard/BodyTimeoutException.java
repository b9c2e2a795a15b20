package dev.settle.api.guard;

import java.io.IOException;

/** A request body that did not arrive within its deadline. */
public final class BodyTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long deadlineMillis;

    public BodyTimeoutException(long deadlineMillis) {
        super("body deadline passed");
        this.deadlineMillis = deadlineMillis;
    }

    /** How long the body was given. */
    public long deadlineMillis() {
        return deadlineMillis;
    }
}
