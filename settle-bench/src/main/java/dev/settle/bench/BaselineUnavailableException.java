package dev.settle.bench;

/**
 * The baseline could not reach or log in to PostgreSQL, so there is nothing to compare with.
 * The message names the server (URL with any password masked) and the driver's reason.
 */
public final class BaselineUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BaselineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
