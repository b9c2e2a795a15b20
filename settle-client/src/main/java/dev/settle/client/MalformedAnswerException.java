package dev.settle.client;

/**
 * A successful answer that does not have the documented shape. Never reaches the caller: the
 * transport turns it into an {@link ApiException} with the answer's status and request id.
 */
final class MalformedAnswerException extends RuntimeException {
    MalformedAnswerException(String message) {
        super(message, null, false, false);
    }
}
