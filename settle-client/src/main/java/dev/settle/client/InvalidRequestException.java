package dev.settle.client;

/** The request breaks a rule of the API (400, 404, 405, 413, 415): fix it before sending it again. */
public final class InvalidRequestException extends SettleException {
    InvalidRequestException(ErrorObject error) {
        super(error, null);
    }
}
