package dev.settle.client;

/**
 * No answer from the server, even after the retries (on every node given, in turn): it could not
 * be reached, the connection broke, or the request timed out. The message says how many attempts
 * were made on how many nodes. {@link #status()} is 0. A POST that ends this way may or may not
 * have been applied: send it again with the same idempotency key to find out safely.
 */
public final class ConnectionException extends SettleException {
    ConnectionException(String message, Throwable cause) {
        super(new ErrorObject(0, null, null, message, null, null), cause);
    }
}
