package dev.settle.reconciliation.statement;

/**
 * The 1-based line of the next character of a text read one character at a time. LF, CRLF and
 * a lone CR each end one line, as both XML and RFC 4180 readers count them.
 */
final class LineCounter {
    private int line = 1;
    private boolean afterCarriageReturn;

    /** Takes the character just read into account. */
    void count(char c) {
        if (c == '\n') {
            if (!afterCarriageReturn) {
                line++;
            }
            afterCarriageReturn = false;
        } else if (c == '\r') {
            line++;
            afterCarriageReturn = true;
        } else {
            afterCarriageReturn = false;
        }
    }

    /** The line of the next character. */
    int line() {
        return line;
    }
}
