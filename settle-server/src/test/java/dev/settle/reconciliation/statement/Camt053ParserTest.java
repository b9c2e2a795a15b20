package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class Camt053ParserTest {
    private static final String V02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
    private static final String V08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    private final Camt053Parser parser = new Camt053Parser();

    @Test
    void version02SampleGivesEveryBookedEntryOfEveryStatement() {
        Parsed parsed = Parsed.resource(parser, "camt053-001-02.xml");
        assertThat(parsed.error).isNull();
        List<StatementLine> lines = parsed.lines;
        assertThat(lines).hasSize(4);

        StatementLine transferIn = lines.get(0);
        assertThat(transferIn.lineNumber()).isEqualTo(66);
        assertThat(transferIn.date()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(transferIn.amount()).isEqualTo(125000);
        assertThat(transferIn.fee()).isZero();
        assertThat(transferIn.currency()).isEqualTo("EUR");
        assertThat(transferIn.reference()).isEqualTo("INV-2026-0042");
        assertThat(transferIn.description()).isEqualTo("SEPA CREDIT TRANSFER ACME SARL");
        assertThat(transferIn.entryId()).isEqualTo("2026120500001");
        assertThat(transferIn.raw())
                .startsWith("<Ntry xmlns=\"" + V02 + "\">")
                .contains("<Amt Ccy=\"EUR\">1250.00</Amt>")
                .contains("<Ustrd>Invoice INV-2026-0042 &amp; delivery</Ustrd>")
                .endsWith("</AddtlNtryInf>\n      </Ntry>");

        StatementLine hostingOut = lines.get(1);
        assertThat(hostingOut.lineNumber()).isEqualTo(119);
        assertThat(hostingOut.date()).as("the date part of BookgDt/DtTm, not ValDt").isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(hostingOut.amount()).isEqualTo(-8990);
        assertThat(hostingOut.currency()).isEqualTo("EUR");
        assertThat(hostingOut.reference()).as("NOTPROVIDED is no reference; the creditor reference is next")
                .isEqualTo("RF18539007547034");
        assertThat(hostingOut.description()).isEqualTo("Hosting December");
        assertThat(hostingOut.entryId()).isEqualTo("2026120500002");

        StatementLine interest = lines.get(2);
        assertThat(interest.lineNumber()).as("the pending entry at 173 is skipped").isEqualTo(195);
        assertThat(interest.amount()).isEqualTo(49);
        assertThat(interest.reference()).as("NtryRef is the last resort").isEqualTo("000004");
        assertThat(interest.description()).isEmpty();
        assertThat(interest.entryId()).isEmpty();
        assertThat(interest.raw()).isEqualTo("<Ntry xmlns=\"" + V02 + "\">\n"
                + "        <NtryRef>000004</NtryRef>\n"
                + "        <Amt Ccy=\"EUR\">0.49</Amt>\n"
                + "        <CdtDbtInd>CRDT</CdtDbtInd>\n"
                + "        <Sts>BOOK</Sts>\n"
                + "        <BookgDt>\n          <Dt>2026-12-05</Dt>\n        </BookgDt>\n"
                + "        <ValDt>\n          <Dt>2026-12-05</Dt>\n        </ValDt>\n"
                + "        <BkTxCd>\n          <Domn>\n            <Cd>ACMT</Cd>\n            <Fmly>\n"
                + "              <Cd>MDOP</Cd>\n              <SubFmlyCd>INTR</SubFmlyCd>\n            </Fmly>\n"
                + "          </Domn>\n        </BkTxCd>\n      </Ntry>");

        StatementLine yen = lines.get(3);
        assertThat(yen.lineNumber()).isEqualTo(251);
        assertThat(yen.date()).as("no BookgDt: ValDt").isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(yen.amount()).as("JPY has no minor digits").isEqualTo(150000);
        assertThat(yen.currency()).isEqualTo("JPY");
        assertThat(yen.reference()).as("no end-to-end id or creditor reference: Ustrd").isEqualTo("ORDER 4471 TOKYO");
        assertThat(yen.description()).isEqualTo("ORDER 4471 TOKYO");
        assertThat(yen.entryId()).isEqualTo("JP-000991");
    }

    @Test
    void version08SampleReadsStatusCodesBatchesAndThreeDigitCurrencies() {
        Parsed parsed = Parsed.resource(parser, "camt053-001-08.xml");
        assertThat(parsed.error).isNull();
        List<StatementLine> lines = parsed.lines;
        assertThat(lines).hasSize(3);

        StatementLine wire = lines.get(0);
        assertThat(wire.lineNumber()).isEqualTo(58);
        assertThat(wire.date()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(wire.amount()).isEqualTo(250000);
        assertThat(wire.currency()).isEqualTo("USD");
        assertThat(wire.reference()).isEqualTo("E2E-PO-77");
        assertThat(wire.description()).isEqualTo("WIRE IN GLOBEX CORPORATION");
        assertThat(wire.entryId()).isEqualTo("BUKB-20261205-0001");
        assertThat(wire.raw()).startsWith("<Ntry xmlns=\"" + V08 + "\">").contains("<Sts>\n          <Cd>BOOK</Cd>");

        StatementLine payroll = lines.get(1);
        assertThat(payroll.lineNumber()).isEqualTo(109);
        assertThat(payroll.amount()).isEqualTo(-100_000_000);
        assertThat(payroll.reference()).as("the first end-to-end id that is provided, across the batch")
                .isEqualTo("PAYROLL-2026-12");
        assertThat(payroll.description()).isEqualTo("Payroll December part 1");
        assertThat(payroll.entryId()).isEqualTo("BUKB-20261205-0002");

        StatementLine rent = lines.get(2);
        assertThat(rent.lineNumber()).as("the INFO entry at 158 is skipped").isEqualTo(213);
        assertThat(rent.amount()).isEqualTo(-12345);
        assertThat(rent.currency()).isEqualTo("BHD");
        assertThat(rent.reference()).isEqualTo("RENT-DEC-2026");
        assertThat(rent.description()).isEqualTo("Office rent");
        assertThat(rent.entryId()).isEqualTo("BMAG-55");
        assertThat(rent.fee()).isZero();
    }

    @Test
    void theRawFormIsWellFormedXmlOfTheEntryAlone() throws Exception {
        for (StatementLine line : Parsed.resource(parser, "camt053-001-08.xml").lines) {
            XMLStreamReader xml = XMLInputFactory.newDefaultFactory().createXMLStreamReader(new StringReader(line.raw()));
            assertThat(xml.nextTag()).isEqualTo(XMLStreamConstants.START_ELEMENT);
            assertThat(xml.getLocalName()).isEqualTo("Ntry");
            assertThat(xml.getNamespaceURI()).isEqualTo(V08);
            while (xml.hasNext()) {
                xml.next();
            }
        }
    }

    @Test
    void everySupportedVersionIsRead() {
        for (String version : List.of("02", "03", "04", "05", "06", "07", "08")) {
            String status = version.compareTo("06") < 0 ? "<Sts>BOOK</Sts>" : "<Sts><Cd>BOOK</Cd></Sts>";
            Parsed parsed = Parsed.text(parser, Camt.document(version, Camt.entry("1.00", "CRDT", status)));
            assertThat(parsed.error).as(version).isNull();
            assertThat(parsed.lines).as(version).extracting(StatementLine::amount).containsExactly(100L);
        }
    }

    @Test
    void prefixedElementsAndAnXmlDeclarationInLatin1AreRead() {
        String document = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<c:Document xmlns:c=\"" + V02 + "\"><c:BkToCstmrStmt><c:GrpHdr><c:MsgId>1</c:MsgId></c:GrpHdr>"
                + "<c:Stmt><c:Id>s</c:Id>\n<c:Ntry><c:Amt Ccy=\"EUR\">3.00</c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd>"
                + "<c:Sts>BOOK</c:Sts><c:BookgDt><c:Dt>2026-01-02</c:Dt></c:BookgDt>"
                + "<c:AddtlNtryInf>Caf\u00e9</c:AddtlNtryInf></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>";
        Parsed parsed = Parsed.bytes(parser, document.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(3);
            assertThat(line.amount()).isEqualTo(-300);
            assertThat(line.description()).isEqualTo("Café");
            assertThat(line.raw()).startsWith("<Ntry xmlns=\"" + V02 + "\"><Amt Ccy=\"EUR\">3.00</Amt>");
        });
    }

    @Test
    void predefinedEntitiesAreNotCountedAgainstTheDocument() {
        int entries = 2_000;
        String entry = Camt.entry("1.00", "CRDT").replace("<Ntry>", "<Ntry><AddtlNtryInf>" + "A&amp;B ".repeat(60) + "</AddtlNtryInf>");
        Parsed parsed = Parsed.text(parser, Camt.document("02", entry.repeat(entries)));
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).hasSize(entries);
        assertThat(parsed.lines.get(entries - 1).description()).startsWith("A&B A&B").endsWith("A&B");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() {
        byte[] document = Camt.document("05", Camt.entry("1.00", "CRDT")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] marked = new byte[document.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(document, 0, marked, 3, document.length);
        Parsed parsed = Parsed.bytes(parser, marked);
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).extracting(StatementLine::lineNumber).containsExactly(5);
    }

    @Test
    void theInputStreamIsReadAsAStream() throws Exception {
        byte[] bytes = Parsed.resourceBytes("camt053-001-02.xml");
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        int[] count = {0};
        parser.parse(in, line -> count[0]++);
        assertThat(count[0]).isEqualTo(4);
    }
}
