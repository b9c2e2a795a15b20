package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Camt053RefusalTest {
    /** Refusals read no further than the DOCTYPE; this only catches a parser that expands. */
    private static final Duration REFUSAL_TIME_MAX = Duration.ofSeconds(10);

    private final Camt053Parser parser = new Camt053Parser();

    private static void assertRefused(Parsed parsed, String code, int line) {
        assertThat(parsed.error).as("a refusal").isNotNull();
        assertThat(parsed.error.code()).as(parsed.error.toString()).isEqualTo(code);
        assertThat(parsed.error.lineNumber()).as(parsed.error.toString()).isEqualTo(line);
    }

    @Test
    void malformedXmlStopsAtItsLineAfterTheEntriesBeforeIt() {
        String document = Camt.document("02", Camt.entry("1.00", "CRDT"), "<Ntry><Amt Ccy=\"EUR\">2.00</Amt>\n</Ntry2>\n",
                Camt.entry("3.00", "CRDT"));
        Parsed parsed = Parsed.text(parser, document);
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(100L);
        assertRefused(parsed, "statement_malformed", 7);
        assertThat(parsed.error.getMessage()).startsWith("malformed XML: ").doesNotContain("ParseError");
    }

    @Test
    void aTruncatedDocumentIsMalformed() {
        String document = Camt.document("02", Camt.entry("1.00", "CRDT"), Camt.entry("2.00", "DBIT"));
        Parsed parsed = Parsed.text(parser, document.substring(0, document.indexOf("</Stmt>")));
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(100L, -200L);
        assertThat(parsed.error.code()).isEqualTo("statement_malformed");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE Document [\n <!ENTITY lol \"lol\">\n");
        bomb.append(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            bomb.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n").append(Camt.document("02", Camt.entry("1.00", "CRDT")).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", ""))
                .insert(bomb.indexOf("<AcctSvcrRef>") + "<AcctSvcrRef>".length(), "&lol9;");
        Parsed parsed = assertTimeoutPreemptively(REFUSAL_TIME_MAX, () -> Parsed.text(parser, bomb.toString()));
        assertThat(parsed.lines).isEmpty();
        assertRefused(parsed, "statement_malformed", 2);
        assertThat(parsed.error.getMessage()).isEqualTo("DTDs and entities are refused");
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileNeverRead(@TempDir Path directory) throws Exception {
        Path secret = directory.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE Document [ <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + Camt.document("02", Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry><NtryRef>&xxe;</NtryRef>"))
                        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
        Parsed parsed = assertTimeoutPreemptively(REFUSAL_TIME_MAX, () -> Parsed.text(parser, xxe));
        assertThat(parsed.lines).isEmpty();
        assertRefused(parsed, "statement_malformed", 2);
        assertThat(parsed.error.getMessage()).isEqualTo("DTDs and entities are refused").doesNotContain("TOP-SECRET");
    }

    @Test
    void aHugeInternalSubsetIsRefusedAtItsFirstCharacters() {
        String huge = "<!DOCTYPE Document [" + "<!-- padding -->".repeat(2_000_000) + "]>"
                + Camt.document("02", Camt.entry("1.00", "CRDT"));
        Parsed parsed = assertTimeoutPreemptively(REFUSAL_TIME_MAX, () -> Parsed.text(parser, huge));
        assertRefused(parsed, "statement_malformed", 1);
    }

    @Test
    void theParserFactoryRefusesDtdsOnItsOwnToo() throws Exception {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<d>&xxe;</d>";
        XmlEventCursor cursor = new XmlEventCursor(SecureXmlFactory.create().createXMLStreamReader(new StringReader(xxe)));
        assertThatThrownBy(() -> {
            while (true) {
                cursor.next();
            }
        }).isInstanceOfSatisfying(StatementFormatException.class, e -> {
            assertThat(e.code()).isEqualTo("statement_malformed");
            assertThat(e.getMessage()).isEqualTo("DTDs and entities are refused");
        });
    }

    @Test
    void anUndeclaredEntityIsMalformed() {
        Parsed parsed = Parsed.text(parser, Camt.document("02", Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry><NtryRef>&x;</NtryRef>")));
        assertRefused(parsed, "statement_malformed", 5);
    }

    @Test
    void latin1BytesInADocumentDeclaredUtf8AreEncodingInvalidAtTheirLine() {
        String document = Camt.document("02", Camt.entry("1.00", "CRDT"),
                Camt.entry("2.00", "CRDT").replace("<Ntry>", "<Ntry><AddtlNtryInf>Caf\u00e9</AddtlNtryInf>"));
        Parsed parsed = Parsed.bytes(parser, document.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(100L);
        assertRefused(parsed, "encoding_invalid", 6);
    }

    @Test
    void anUnsupportedDeclaredEncodingIsMalformed() {
        String document = Camt.document("02", Camt.entry("1.00", "CRDT")).replace("UTF-8", "X-NO-SUCH-CHARSET");
        assertRefused(Parsed.text(parser, document), "statement_malformed", 1);
    }

    @Test
    void unsupportedOrMissingNamespacesAreMalformed() {
        String entry = Camt.entry("1.00", "CRDT");
        assertRefused(Parsed.text(parser, Camt.document("09", entry)), "statement_malformed", 2);
        assertRefused(Parsed.text(parser, Camt.document("01", entry)), "statement_malformed", 2);
        String camt052 = Camt.document("02", entry).replace("camt.053", "camt.052");
        assertRefused(Parsed.text(parser, camt052), "statement_malformed", 2);
        String none = Camt.document("02", entry).replace(" xmlns=\"" + Camt.NAMESPACE_PREFIX + "02\"", "");
        Parsed parsed = Parsed.text(parser, none);
        assertRefused(parsed, "statement_malformed", 2);
        assertThat(parsed.error.getMessage()).contains("namespace");
    }

    @Test
    void aDocumentWithoutStatementsIsMalformed() {
        String document = Camt.document("02").replace("<Stmt><Id>S1</Id><CreDtTm>2026-12-05T10:00:00Z</CreDtTm>"
                + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n</Stmt>", "");
        Parsed parsed = Parsed.text(parser, document);
        assertThat(parsed.error.code()).isEqualTo("statement_malformed");
        assertThat(parsed.error.getMessage()).contains("no Stmt");
        assertThat(Parsed.text(parser, "<Document xmlns=\"" + Camt.NAMESPACE_PREFIX + "08\"/>").error.code())
                .isEqualTo("statement_malformed");
        assertThat(Parsed.text(parser, "").error.code()).isEqualTo("statement_malformed");
        assertThat(Parsed.text(parser, "not xml at all").error.code()).isEqualTo("statement_malformed");
    }

    @Test
    void anEntryOverTheSizeLimitIsMalformedAtItsLine() {
        String tooLarge = Camt.entry("2.00", "CRDT").replace("<Ntry>",
                "<Ntry>" + "<AddtlNtryInf>x</AddtlNtryInf>".repeat(CamtEntryReader.ENTRY_RAW_CHARS_MAX / 30 + 1));
        Parsed parsed = Parsed.text(parser, Camt.document("02", Camt.entry("1.00", "CRDT"), tooLarge, Camt.entry("3.00", "CRDT")));
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(100L);
        assertRefused(parsed, "statement_malformed", 6);
        assertThat(parsed.error.getMessage()).startsWith("entry too large");
    }

    @Test
    void oneHugeTextInAnEntryIsTooLargeToo() {
        String huge = Camt.entry("2.00", "CRDT").replace("<Ntry>", "<Ntry><AddtlNtryInf>" + "y".repeat(5_000_000) + "</AddtlNtryInf>");
        assertRefused(Parsed.text(parser, Camt.document("02", huge)), "statement_malformed", 5);
    }

    @Test
    void hugeAttributesAndCommentsAreRefusedBeforeTheParserBuffersThem() {
        String attribute = Camt.document("02", Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry x=\"" + "a>".repeat(1_000_000) + "\">"));
        assertRefused(Parsed.text(parser, attribute), "statement_malformed", 5);
        String comment = Camt.document("02", "<!--" + "<a>".repeat(1_000_000) + "-->\n" + Camt.entry("1.00", "CRDT"));
        assertRefused(Parsed.text(parser, comment), "statement_malformed", 5);
    }

    @Test
    void commentsCdataAndProcessingInstructionsOfNormalSizeAreFine() {
        String entry = "<!-- a comment with <tags> and - dashes -->\n<?pi data?>"
                + Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry><AddtlNtryInf><![CDATA[A & B <c> ]] ]]></AddtlNtryInf>");
        Parsed parsed = Parsed.text(parser, Camt.document("02", entry));
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(6);
            assertThat(line.description()).isEqualTo("A & B <c> ]]");
            assertThat(line.raw()).contains("<AddtlNtryInf>A &amp; B &lt;c&gt; ]] </AddtlNtryInf>");
        });
    }

    @Test
    void deepNestingIsMalformed() {
        String deep = "<a>".repeat(100) + "</a>".repeat(100);
        String document = Camt.document("02", Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry><NtryDtls>" + deep + "</NtryDtls>"));
        assertRefused(Parsed.text(parser, document), "statement_malformed", 5);
    }

    @Test
    void badValuesGiveTheirCodeAtTheEntrysLine() {
        String good = Camt.entry("1.00", "CRDT");
        assertRefused(Parsed.text(parser, Camt.document("02", good, Camt.entry("1,00", "CRDT"))), "amount_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, Camt.entry("1.001", "CRDT"))), "amount_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, Camt.entry("-1.00", "CRDT"))), "amount_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, good.replace("EUR", "EUX"))), "currency_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, good.replace(" Ccy=\"EUR\"", ""))), "currency_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, Camt.entry("1.00", "CR"))), "direction_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, good.replace("<BookgDt><Dt>2026-12-05</Dt></BookgDt>", ""))),
                "date_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, good.replace("2026-12-05", "2026-13-05"))), "date_invalid", 6);
        assertRefused(Parsed.text(parser, Camt.document("02", good, good.replace("<Sts>BOOK</Sts>", ""))),
                "statement_malformed", 6);
    }

    @Test
    void badValuesOfSkippedEntriesDoNotMatter() {
        String pending = Camt.entry("not an amount", "??", "<Sts>PDNG</Sts>");
        Parsed parsed = Parsed.text(parser, Camt.document("02", pending, Camt.entry("1.00", "DBIT")));
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).extracting(StatementLine::amount, StatementLine::lineNumber)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-100L, 6));
    }
}
