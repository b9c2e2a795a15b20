package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * Sits between the decoded characters and the XML parser and refuses, before the parser sees them:
 * <ul>
 *   <li>a DOCTYPE ({@code <!D…}), so no DTD, entity declaration or external entity is ever read,
 *       however large (billion laughs, XXE): "DTDs and entities are refused";
 *   <li>a tag, comment or processing instruction longer than {@link #MARKUP_CHARS_MAX}: the JDK
 *       parser buffers each of those whole, so without this bound one huge attribute value or
 *       comment would take memory in proportion to the input. (Text and CDATA need no bound here:
 *       the parser hands them over in chunks.)
 * </ul>
 * It also turns a decoding error into {@code encoding_invalid} at the line it is on. Both
 * travel through the parser as a {@link RefusedInputException}.
 *
 * <p>It follows just enough of XML's lexical structure to know where markup starts and ends
 * (quoted attribute values, {@code -->}, {@code ?>}, {@code ]]>}); the parser does the real parsing.
 */
final class XmlMarkupGuard extends Reader {
    /** 16 KiB: a camt tag with its attributes is well under 200 characters. */
    static final int MARKUP_CHARS_MAX = 16 * 1024;
    static final String DTD_REFUSED = "DTDs and entities are refused";

    private static final int TEXT = 0;
    private static final int LESS_THAN = 1;
    private static final int BANG = 2;
    private static final int BANG_DASH = 3;
    private static final int COMMENT = 4;
    private static final int PROCESSING_INSTRUCTION = 5;
    private static final int TAG = 6;
    private static final int DOUBLE_QUOTED = 7;
    private static final int SINGLE_QUOTED = 8;
    private static final int CDATA = 9;

    private final Reader in;
    private int state = TEXT;
    private int markupChars;
    /** Consecutive '-' in a comment or ']' in CDATA; 1 just after a '?' in a processing instruction. */
    private int run;
    private final LineCounter lines = new LineCounter();

    XmlMarkupGuard(Reader in) {
        this.in = Objects.requireNonNull(in);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read;
        try {
            read = in.read(buffer, offset, length);
        } catch (EncodingInvalidException e) {
            throw refused(StatementFormatException.ENCODING_INVALID, e.getMessage());
        }
        for (int i = offset; i < offset + read; i++) {
            step(buffer[i]);
        }
        return read;
    }

    private void step(char c) throws RefusedInputException {
        lines.count(c);
        if (state == TEXT) {
            if (c == '<') {
                state = LESS_THAN;
                markupChars = 1;
                run = 0;
            }
            return;
        }
        if (state == CDATA) {
            cdata(c);
            return;
        }
        if (++markupChars > MARKUP_CHARS_MAX) {
            throw refused(StatementFormatException.STATEMENT_MALFORMED,
                    "a tag, comment or processing instruction longer than " + MARKUP_CHARS_MAX + " characters");
        }
        switch (state) {
            case LESS_THAN -> state = c == '!' ? BANG : c == '?' ? PROCESSING_INSTRUCTION : tag(c);
            case BANG -> state = bang(c);
            case BANG_DASH -> state = c == '-' ? COMMENT : tag(c);
            case COMMENT -> comment(c);
            case PROCESSING_INSTRUCTION -> {
                if (c == '>' && run == 1) {
                    state = TEXT;
                }
                run = c == '?' ? 1 : 0;
            }
            case DOUBLE_QUOTED -> state = c == '"' ? TAG : DOUBLE_QUOTED;
            case SINGLE_QUOTED -> state = c == '\'' ? TAG : SINGLE_QUOTED;
            default -> state = tag(c);
        }
    }

    private int bang(char c) throws RefusedInputException {
        if (c == 'D') {
            throw refused(StatementFormatException.STATEMENT_MALFORMED, DTD_REFUSED);
        }
        if (c == '-') {
            return BANG_DASH;
        }
        if (c == '[') {
            run = 0;
            return CDATA;
        }
        return tag(c);
    }

    private void comment(char c) {
        if (c == '-') {
            run++;
            return;
        }
        if (c == '>' && run >= 2) {
            state = TEXT;
        }
        run = 0;
    }

    private void cdata(char c) {
        if (c == ']') {
            run++;
            return;
        }
        if (c == '>' && run >= 2) {
            state = TEXT;
        }
        run = 0;
    }

    /** The state after {@code c} inside a tag (outside its quoted attribute values). */
    private static int tag(char c) {
        return switch (c) {
            case '"' -> DOUBLE_QUOTED;
            case '\'' -> SINGLE_QUOTED;
            case '>' -> TEXT;
            default -> TAG;
        };
    }

    private RefusedInputException refused(String code, String message) {
        return new RefusedInputException(new StatementFormatException(code, lines.line(), message));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
