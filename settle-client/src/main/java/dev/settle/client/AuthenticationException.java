package dev.settle.client;

/** The API key is missing, malformed or unknown (401). */
public final class AuthenticationException extends SettleException {
    AuthenticationException(ErrorObject error) {
        super(error, null);
    }
}
