package dev.settle.reconciliation.statement;

/**
 * Values quoted in error messages, cut to a bounded length: a message must not echo a 64 KiB
 * field back to the client or into the logs.
 */
final class Snippets {
    static final int SNIPPET_CHARS_MAX = 48;

    private Snippets() {}

    /** The value in double quotes, cut with an ellipsis after {@link #SNIPPET_CHARS_MAX} characters. */
    static String quoted(String value) {
        if (value.length() <= SNIPPET_CHARS_MAX) {
            return '"' + value + '"';
        }
        return '"' + value.substring(0, SNIPPET_CHARS_MAX) + "…\"";
    }
}
