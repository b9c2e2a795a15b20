package dev.settle.api.tls;

/**
 * A certificate or key the server refuses to start with. The message names the file and the
 * reason, never a byte of the key.
 */
public final class TlsIdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsIdentityException(String message) {
        super(message);
    }
}
