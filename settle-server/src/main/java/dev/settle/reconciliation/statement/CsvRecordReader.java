package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 4180 records from a UTF-8 stream, one at a time: the fields, the physical line where the
 * record starts and its raw text. Hand-written for speed: one pass per character, no regular
 * expression, no allocation per character (buffers grow to the record size limit and are reused).
 *
 * <ul>
 *   <li>Decoding is strict ({@link StrictCharsetReader}): a byte that is not UTF-8 is
 *       {@code encoding_invalid} at its line; a UTF-8 byte order mark is skipped.
 *   <li>Records end at LF, CRLF or a lone CR; a quoted field may hold the delimiter, doubled quotes
 *       ({@code ""} for {@code "}) and line breaks, kept as they are.
 *   <li>Spaces and tabs around unquoted values, and between a quoted value and its delimiter, are
 *       dropped; a quote inside an unquoted value is kept as a character.
 *   <li>Blank records are skipped: empty lines, whitespace-only lines and lines of only
 *       delimiters (the empty rows spreadsheets leave at the end of an export).
 *   <li>A record longer than {@link #RECORD_CHARS_MAX} characters is {@code statement_malformed}:
 *       memory stays bounded whatever the input.
 * </ul>
 */
final class CsvRecordReader {
    /** 64 KiB: a bank line is a few hundred characters; this leaves room for long remittance texts. */
    static final int RECORD_CHARS_MAX = 64 * 1024;
    static final int READ_BUFFER_CHARS = 16 * 1024;
    private static final int RECORD_CHARS_INITIAL = 256;
    private static final int FIELDS_INITIAL = 16;

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int AFTER_QUOTED = 4;
    private static final int END_OF_INPUT = -1;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[READ_BUFFER_CHARS];
    private int position;
    private int limit;
    private boolean endOfInput;

    /** Counts physical lines up to the next character to read. */
    private final LineCounter lines = new LineCounter();

    private char[] raw = new char[RECORD_CHARS_INITIAL];
    private int rawLength;
    private char[] values = new char[RECORD_CHARS_INITIAL];
    private int valuesLength;
    private int[] fieldStarts = new int[FIELDS_INITIAL];
    private int[] fieldEnds = new int[FIELDS_INITIAL];
    private int fieldCount;
    private boolean anyQuoted;
    private int recordLine;

    CsvRecordReader(InputStream in, char delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("delimiter " + (int) delimiter + " cannot separate CSV fields");
        }
        this.in = new StrictCharsetReader(in, StandardCharsets.UTF_8);
        this.delimiter = delimiter;
    }

    /** Moves to the next record that is not blank; false at the end of the input. */
    boolean next() throws StatementFormatException, IOException {
        while (readRecord()) {
            if (valuesLength > 0 || anyQuoted) {
                return true;
            }
        }
        return false;
    }

    /** The 1-based physical line where the current record starts. */
    int lineNumber() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The value of the 0-based field {@code index} of the current record, unquoted and trimmed. */
    String field(int index) {
        if (index < 0 || index >= fieldCount) {
            throw new IndexOutOfBoundsException("field " + index + " of a record of " + fieldCount);
        }
        return new String(values, fieldStarts[index], fieldEnds[index] - fieldStarts[index]);
    }

    /** Whether the 0-based field {@code index} is empty. */
    boolean isEmpty(int index) {
        return fieldStarts[index] == fieldEnds[index];
    }

    /** The record's text as it is in the file, without its line end. */
    String raw() {
        return new String(raw, 0, rawLength);
    }

    /** Reads one physical record; false when the input ended before it began. */
    private boolean readRecord() throws StatementFormatException, IOException {
        fieldCount = 0;
        valuesLength = 0;
        rawLength = 0;
        anyQuoted = false;
        int c = read();
        while (c == '\n' || c == '\r') {
            c = read();
        }
        if (c == END_OF_INPUT) {
            return false;
        }
        recordLine = lines.line();
        int state = FIELD_START;
        int fieldStart = 0;
        int valueEnd = 0;
        for (; ; c = read()) {
            if (c == END_OF_INPUT || ((c == '\n' || c == '\r') && state != QUOTED)) {
                if (state == QUOTED) {
                    throw malformed("a quoted field is not closed before the end of the statement");
                }
                endRecord(state, fieldStart, valueEnd);
                return true;
            }
            appendRaw((char) c);
            switch (state) {
                case FIELD_START -> {
                    if (c == delimiter) {
                        endField(valuesLength, valuesLength);
                    } else if (c == '"') {
                        state = QUOTED;
                        anyQuoted = true;
                        fieldStart = valuesLength;
                    } else if (c != ' ' && c != '\t') {
                        state = UNQUOTED;
                        fieldStart = valuesLength;
                        appendValue((char) c);
                        valueEnd = valuesLength;
                    }
                }
                case UNQUOTED -> {
                    if (c == delimiter) {
                        endField(fieldStart, valueEnd);
                        state = FIELD_START;
                    } else {
                        appendValue((char) c);
                        if (c != ' ' && c != '\t') {
                            valueEnd = valuesLength;
                        }
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        appendValue((char) c);
                    }
                }
                default -> state = afterClosingQuote(state, c, fieldStart);
            }
        }
    }

    /** The state after {@code c} read just after a quote inside a quoted field, or after the field's closing quote. */
    private int afterClosingQuote(int state, int c, int fieldStart) throws StatementFormatException {
        if (c == '"' && state == QUOTE_IN_QUOTED) {
            appendValue('"');
            return QUOTED;
        }
        if (c == delimiter) {
            endField(fieldStart, valuesLength);
            return FIELD_START;
        }
        if (c == ' ' || c == '\t') {
            return AFTER_QUOTED;
        }
        throw malformed("a character after the closing quote of a field");
    }

    private void endRecord(int state, int fieldStart, int valueEnd) {
        switch (state) {
            case FIELD_START -> endField(valuesLength, valuesLength);
            case UNQUOTED -> endField(fieldStart, valueEnd);
            default -> endField(fieldStart, valuesLength);
        }
    }

    private void endField(int start, int end) {
        if (fieldCount == fieldStarts.length) {
            fieldStarts = Arrays.copyOf(fieldStarts, fieldCount * 2);
            fieldEnds = Arrays.copyOf(fieldEnds, fieldCount * 2);
        }
        fieldStarts[fieldCount] = start;
        fieldEnds[fieldCount] = end;
        fieldCount++;
        valuesLength = end;
    }

    private void appendRaw(char c) throws StatementFormatException {
        if (rawLength == raw.length) {
            if (rawLength == RECORD_CHARS_MAX) {
                throw malformed("a record longer than " + RECORD_CHARS_MAX + " characters");
            }
            raw = Arrays.copyOf(raw, Math.min(rawLength * 2, RECORD_CHARS_MAX));
        }
        raw[rawLength++] = c;
    }

    /** Values never outgrow the raw text they come from, so they need no limit of their own. */
    private void appendValue(char c) {
        if (valuesLength == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[valuesLength++] = c;
    }

    /** The next character, counting lines (LF, CRLF and a lone CR each end one); {@link #END_OF_INPUT} at the end. */
    private int read() throws StatementFormatException, IOException {
        if (position == limit && !fill()) {
            return END_OF_INPUT;
        }
        char c = buffer[position++];
        lines.count(c);
        return c;
    }

    private boolean fill() throws StatementFormatException, IOException {
        if (endOfInput) {
            return false;
        }
        int read;
        try {
            read = in.read(buffer, 0, buffer.length);
        } catch (EncodingInvalidException e) {
            throw new StatementFormatException(StatementFormatException.ENCODING_INVALID, lines.line(), e.getMessage());
        }
        if (read <= 0) {
            endOfInput = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private StatementFormatException malformed(String what) {
        return new StatementFormatException(StatementFormatException.STATEMENT_MALFORMED, recordLine,
                "CSV record with " + what);
    }
}
