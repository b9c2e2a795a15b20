package dev.settle.api.guard;

import java.io.IOException;

/** A request body longer than its route's limit: refused, not read further. */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BodyTooLargeException() {
        super("body too large");
    }
}
