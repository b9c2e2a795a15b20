package dev.settle.reconciliation;

/**
 * A refused reconciliation request: an HTTP status, a stable code, a message for people and,
 * for a refused file, the line it was refused at (0 when none). Nothing was written.
 */
public final class ReconciliationException extends RuntimeException {
    private final int status;
    private final String code;
    private final int lineNumber;
    private final String param;

    public ReconciliationException(int status, String code, String message, int lineNumber, String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.lineNumber = lineNumber;
        this.param = param;
    }

    static ReconciliationException notFound(String what, String param) {
        return new ReconciliationException(404, "resource_missing", "no such " + what, 0, param);
    }

    static ReconciliationException invalid(String code, String message, String param) {
        return new ReconciliationException(400, code, message, 0, param);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public String param() {
        return param;
    }
}
