package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    /** One record as the reader saw it: its line, fields and raw text. */
    private record Seen(int line, List<String> fields, String raw) {}

    private static List<Seen> read(String text, char delimiter) throws Exception {
        return read(text.getBytes(StandardCharsets.UTF_8), delimiter);
    }

    private static List<Seen> read(byte[] bytes, char delimiter) throws Exception {
        CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(bytes), delimiter);
        List<Seen> seen = new ArrayList<>();
        while (reader.next()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < reader.fieldCount(); i++) {
                fields.add(reader.field(i));
            }
            seen.add(new Seen(reader.lineNumber(), fields, reader.raw()));
        }
        return seen;
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws Exception {
        List<Seen> seen = read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",x,\"\"\n", ',');
        assertThat(seen).containsExactly(
                new Seen(1, List.of("a", "b,c", "say \"hi\""), "a,\"b,c\",\"say \"\"hi\"\"\""),
                new Seen(2, List.of("multi\r\nline", "x", ""), "\"multi\r\nline\",x,\"\""));
    }

    @Test
    void lineNumbersCountEveryPhysicalLineAndBlankLinesAreSkipped() throws Exception {
        List<Seen> seen = read("h\n\n  \n\"a\nb\nc\"\r\n,,\r\rlast", ',');
        assertThat(seen).extracting(Seen::line).containsExactly(1, 4, 9);
        assertThat(seen.get(2).fields()).containsExactly("last");
    }

    @Test
    void whitespaceAroundValuesIsTrimmedButNotInsideQuotes() throws Exception {
        List<Seen> seen = read("  a b  ,\t\" c \"  , d\n", ',');
        assertThat(seen.get(0).fields()).containsExactly("a b", " c ", "d");
        assertThat(seen.get(0).raw()).isEqualTo("  a b  ,\t\" c \"  , d");
    }

    @Test
    void emptyFieldsAtTheEndsAreKept() throws Exception {
        assertThat(read(",a,\n", ',').get(0).fields()).containsExactly("", "a", "");
    }

    @Test
    void aQuoteInsideAnUnquotedValueIsACharacter() throws Exception {
        assertThat(read("5\" disk,x\n", ',').get(0).fields()).containsExactly("5\" disk", "x");
    }

    @Test
    void tabAndSemicolonDelimiters() throws Exception {
        assertThat(read("a\t b \tc\n", '\t').get(0).fields()).containsExactly("a", "b", "c");
        assertThat(read("1,5;2\n", ';').get(0).fields()).containsExactly("1,5", "2");
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', 'b'};
        assertThat(read(bytes, ',').get(0).fields()).containsExactly("a", "b");
    }

    @Test
    void anUnclosedQuoteIsMalformedAtTheRecordsLine() {
        assertThatThrownBy(() -> read("a\nb,\"open\n\nstill open", ','))
                .isInstanceOfSatisfying(StatementFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo("statement_malformed");
                    assertThat(e.lineNumber()).isEqualTo(2);
                });
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> read("x\n\"a\"b,c\n", ','))
                .isInstanceOfSatisfying(StatementFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo("statement_malformed");
                    assertThat(e.lineNumber()).isEqualTo(2);
                });
    }

    @Test
    void aRecordOverTheLimitIsMalformed() throws Exception {
        String longest = "x".repeat(CsvRecordReader.RECORD_CHARS_MAX);
        assertThat(read(longest + "\n", ',').get(0).raw()).hasSize(CsvRecordReader.RECORD_CHARS_MAX);
        assertThatThrownBy(() -> read("ok\n" + longest + "y\n", ','))
                .isInstanceOfSatisfying(StatementFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo("statement_malformed");
                    assertThat(e.lineNumber()).isEqualTo(2);
                });
        assertThatThrownBy(() -> read("\"" + "z\n".repeat(CsvRecordReader.RECORD_CHARS_MAX), ','))
                .isInstanceOf(StatementFormatException.class);
    }

    @Test
    void invalidUtf8IsAnEncodingErrorAtItsLine() {
        byte[] bytes = "a,b\nc,d\ncaf\u00e9,e\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(bytes, ','))
                .isInstanceOfSatisfying(StatementFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo("encoding_invalid");
                    assertThat(e.lineNumber()).isEqualTo(3);
                });
    }
}
