package dev.settle.reconciliation.statement;

/**
 * A statement that cannot be read: a client's mistake, told by a stable {@link #code()} and the
 * line of the file it is about. Codes:
 * <ul>
 *   <li>{@value #STATEMENT_MALFORMED}: bad XML or CSV structure, a DTD or entity, an unsupported
 *       namespace, a record or entry over its size limit;
 *   <li>{@value #ENCODING_INVALID}: bytes that are not valid in the declared or assumed encoding;
 *   <li>{@value #COLUMN_MISSING}: a mapped CSV column absent from the header, or a row with too few fields;
 *   <li>{@value #AMOUNT_INVALID}, {@value #DATE_INVALID}, {@value #CURRENCY_INVALID},
 *       {@value #DIRECTION_INVALID}: a value of a line that does not parse.
 * </ul>
 */
public final class StatementFormatException extends Exception {
    public static final String STATEMENT_MALFORMED = "statement_malformed";
    public static final String ENCODING_INVALID = "encoding_invalid";
    public static final String COLUMN_MISSING = "column_missing";
    public static final String AMOUNT_INVALID = "amount_invalid";
    public static final String DATE_INVALID = "date_invalid";
    public static final String CURRENCY_INVALID = "currency_invalid";
    public static final String DIRECTION_INVALID = "direction_invalid";

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int lineNumber;

    /**
     * @param code one of the codes above
     * @param lineNumber the 1-based line the error is about, 0 when not tied to a line
     * @param message what is wrong, for a person
     */
    public StatementFormatException(String code, int lineNumber, String message) {
        super(message);
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("a statement format error needs a code");
        }
        if (lineNumber < 0) {
            throw new IllegalArgumentException("line number " + lineNumber + " is negative");
        }
        this.code = code;
        this.lineNumber = lineNumber;
    }

    public String code() {
        return code;
    }

    /** The 1-based line the error is about; 0 when not tied to a line. */
    public int lineNumber() {
        return lineNumber;
    }

    @Override
    public String toString() {
        return code + " at line " + lineNumber + ": " + getMessage();
    }
}
