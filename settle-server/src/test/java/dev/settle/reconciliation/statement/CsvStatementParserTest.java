package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvStatementParserTest {

    private static final CsvMapping BANK_EXPORT = CsvMapping.builder()
            .date("Booking Date").amount("Amount").currency("Currency").reference("Reference")
            .description("Description").id("Transaction ID").build();

    private static CsvStatementParser parser(CsvMapping mapping) {
        return new CsvStatementParser(mapping);
    }

    @Test
    void bankExportWithBomCrlfQuotesAndAwkwardAmounts() {
        Parsed parsed = Parsed.resource(parser(BANK_EXPORT), "bank-export.csv");
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).containsExactly(
                new StatementLine(2, LocalDate.of(2026, 12, 1), 125000, 0, "EUR", "INV-42", "Payment, thank you", "TX-1",
                        "2026-12-01,1250.00,EUR,INV-42,\"Payment, thank you\",TX-1"),
                new StatementLine(3, LocalDate.of(2026, 12, 2), -8990, 0, "EUR", "RF18539007547034",
                        "Hosting \"Premium\" plan", "TX-2",
                        "2026-12-02,-89.90,EUR,RF18539007547034,\"Hosting \"\"Premium\"\" plan\",TX-2"),
                new StatementLine(5, LocalDate.of(2026, 12, 3), -1500, 0, "EUR", "", "Card fee\r\nDecember", "TX-3",
                        "2026-12-03,(15.00),EUR,,\"Card fee\r\nDecember\",TX-3"),
                new StatementLine(7, LocalDate.of(2026, 12, 4), 1250, 0, "USD", "REF-4", "Trimmed", "TX-4",
                        "2026-12-04T10:00:00Z,  12.5 ,usd,  REF-4  ,Trimmed,TX-4"),
                new StatementLine(8, LocalDate.of(2026, 12, 5), 1000, 0, "JPY", "REF,5", "Yen", "TX-5",
                        "2026-12-05,1000,JPY,\"REF,5\",Yen,TX-5"));
    }

    @Test
    void germanExportWithSemicolonsDecimalCommaAndThousandsDots() {
        CsvMapping mapping = CsvMapping.builder().delimiter(';').date("Buchungstag").amount("Betrag")
                .description("Verwendungszweck").defaultCurrency("EUR").dateFormat("dd.MM.yyyy")
                .decimalSeparator(',').thousandsSeparator('.').build();
        Parsed parsed = Parsed.resource(parser(mapping), "german-export.csv");
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).extracting(StatementLine::lineNumber, StatementLine::date, StatementLine::amount,
                        StatementLine::currency, StatementLine::description, StatementLine::reference, StatementLine::entryId)
                .containsExactly(
                        tuple(2, LocalDate.of(2026, 12, 5), -123456L, "EUR", "Miete Dezember", "", ""),
                        tuple(3, LocalDate.of(2026, 12, 6), 1234567890L, "EUR", "Gutschrift; Rechnung 7", "", ""),
                        tuple(4, LocalDate.of(2026, 12, 7), 1L, "EUR", "Zinsen für Dezember", "", ""));
    }

    @Test
    void debitAndCreditColumns() {
        CsvMapping mapping = CsvMapping.builder().date("Date").debit("Debit").credit("Credit")
                .description("Description").defaultCurrency("GBP").build();
        Parsed parsed = Parsed.resource(parser(mapping), "debit-credit.csv");
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(50000L, -4210L, 750L);
        assertThat(parsed.lines).extracting(StatementLine::description)
                .containsExactly("Opening transfer", "Card payment", "Refund");
        assertThat(parsed.lines).extracting(StatementLine::currency).containsOnly("GBP");
    }

    @Test
    void directionColumnSignsUnsignedAmountsIgnoringCase() {
        CsvMapping mapping = CsvMapping.builder().date("date").amount("amount").direction("dc").currency("ccy")
                .reference("ref").build();
        Parsed parsed = Parsed.resource(parser(mapping), "direction.csv");
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(10000L, -2000L, -500L);
        assertThat(parsed.lines).extracting(StatementLine::reference).containsExactly("a", "b", "c");
    }

    @Test
    void customDirectionValues() {
        CsvMapping mapping = CsvMapping.builder().date("d").amount("a").direction("s").defaultCurrency("EUR")
                .creditValues(Set.of("H")).debitValues(Set.of("S")).build();
        Parsed parsed = Parsed.text(parser(mapping), "d,a,s\n2026-01-02,1.00,h\n2026-01-02,2.00,S\n2026-01-02,3.00,CR\n");
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(100L, -200L);
        assertThat(parsed.error.code()).isEqualTo("direction_invalid");
        assertThat(parsed.error.lineNumber()).isEqualTo(4);
    }

    @Test
    void indexColumnsWithoutHeader() {
        CsvMapping mapping = CsvMapping.builder().header(false).delimiter('|').date("1").amount("2").currency("3")
                .reference("4").description("5").dateFormat("yyyyMMdd").thousandsSeparator(',').build();
        Parsed parsed = Parsed.resource(parser(mapping), "no-header.csv");
        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).containsExactly(
                new StatementLine(1, LocalDate.of(2026, 12, 1), 15000, 0, "EUR", "R1", "first", "", "20261201|150.00|EUR|R1|first"),
                new StatementLine(2, LocalDate.of(2026, 12, 2), 250075, 0, "EUR", "R2", "second", "", "20261202|2,500.75|EUR|R2|second"));
    }

    @Test
    void headerNamesMatchIgnoringCaseAndIndexesWorkWithAHeader() {
        CsvMapping mapping = CsvMapping.builder().date("DATE").amount("2").defaultCurrency("EUR").build();
        Parsed parsed = Parsed.text(parser(mapping), "Date,Whatever\n2026-03-01,4.20\n");
        assertThat(parsed.lines).extracting(StatementLine::amount).containsExactly(420L);
    }

    @Test
    void aMappedColumnMissingFromTheHeaderIsColumnMissingAtLineOne() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT), "Booking Date,Amount,Currency,Reference,Description\n2026-01-01,1,EUR,r,d\n");
        assertThat(parsed.lines).isEmpty();
        assertThat(parsed.error.code()).isEqualTo("column_missing");
        assertThat(parsed.error.lineNumber()).isEqualTo(1);
        assertThat(parsed.error.getMessage()).contains("mapping.id").contains("Transaction ID");
    }

    @Test
    void aShortRowIsColumnMissingAtItsLine() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT),
                "Booking Date,Amount,Currency,Reference,Description,Transaction ID\n2026-01-01,1,EUR,r,d,id\n\n2026-01-02,1,EUR\n2026-01-03,1,EUR,r,d,id\n");
        assertThat(parsed.lines).hasSize(1);
        assertThat(parsed.error.code()).isEqualTo("column_missing");
        assertThat(parsed.error.lineNumber()).isEqualTo(4);
    }

    @Test
    void anUnparseableAmountIsAmountInvalidAtItsLine() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT),
                "Booking Date,Amount,Currency,Reference,Description,Transaction ID\n2026-01-01,1,EUR,r,d,id\n2026-01-02,12.3.4,EUR,r,d,id2\n2026-01-03,1,EUR,r,d,id3\n");
        assertThat(parsed.lines).extracting(StatementLine::entryId).containsExactly("id");
        assertThat(parsed.error.code()).isEqualTo("amount_invalid");
        assertThat(parsed.error.lineNumber()).isEqualTo(3);
    }

    @Test
    void tooManyFractionDigitsForTheCurrencyIsAmountInvalid() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT),
                "Booking Date,Amount,Currency,Reference,Description,Transaction ID\n2026-01-02,12.5,JPY,r,d,id\n");
        assertThat(parsed.error.code()).isEqualTo("amount_invalid");
    }

    @Test
    void aBadDateIsDateInvalidAtItsLine() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT),
                "Booking Date,Amount,Currency,Reference,Description,Transaction ID\n2026-02-30,1,EUR,r,d,id\n");
        assertThat(parsed.lines).isEmpty();
        assertThat(parsed.error.code()).isEqualTo("date_invalid");
        assertThat(parsed.error.lineNumber()).isEqualTo(2);
    }

    @Test
    void customPatternsAreStrict() {
        CsvMapping mapping = CsvMapping.builder().date("d").amount("a").defaultCurrency("EUR").dateFormat("dd/MM/yyyy").build();
        assertThat(Parsed.text(parser(mapping), "d,a\n28/02/2026,1\n").lines).extracting(StatementLine::date)
                .containsExactly(LocalDate.of(2026, 2, 28));
        assertThat(Parsed.text(parser(mapping), "d,a\n30/02/2026,1\n").error.code()).isEqualTo("date_invalid");
        assertThat(Parsed.text(parser(mapping), "d,a\n2026-02-03,1\n").error.code()).isEqualTo("date_invalid");
    }

    @Test
    void theDefaultPatternTakesTheDateOfADateTimeButNothingElse() {
        CsvMapping mapping = CsvMapping.builder().date("d").amount("a").defaultCurrency("EUR").build();
        assertThat(Parsed.text(parser(mapping), "d,a\n2026-12-05T23:30:00-05:00,1\n2026-12-06 08:00,2\n").lines)
                .extracting(StatementLine::date).containsExactly(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 6));
        assertThat(Parsed.text(parser(mapping), "d,a\n2026-12-051,1\n").error.code()).isEqualTo("date_invalid");
        assertThat(Parsed.text(parser(mapping), "d,a\n05.12.2026,1\n").error.code()).isEqualTo("date_invalid");
    }

    @Test
    void anUnknownCurrencyIsCurrencyInvalidAtItsLine() {
        Parsed parsed = Parsed.text(parser(BANK_EXPORT),
                "Booking Date,Amount,Currency,Reference,Description,Transaction ID\n2026-01-01,1,EUR,r,d,id\n2026-01-01,1,EUX,r,d,id\n");
        assertThat(parsed.lines).hasSize(1);
        assertThat(parsed.error.code()).isEqualTo("currency_invalid");
        assertThat(parsed.error.lineNumber()).isEqualTo(3);
    }

    @Test
    void bothDebitAndCreditFilledIsAmountInvalid() {
        CsvMapping mapping = CsvMapping.builder().date("d").debit("dr").credit("cr").defaultCurrency("EUR").build();
        assertThat(Parsed.text(parser(mapping), "d,dr,cr\n2026-01-01,1.00,2.00\n").error.code()).isEqualTo("amount_invalid");
        assertThat(Parsed.text(parser(mapping), "d,dr,cr\n2026-01-01,,\n").error.code()).isEqualTo("amount_invalid");
    }

    @Test
    void aNegativeAmountBesideADirectionIsAmountInvalid() {
        CsvMapping mapping = CsvMapping.builder().date("d").amount("a").direction("dc").defaultCurrency("EUR").build();
        assertThat(Parsed.text(parser(mapping), "d,a,dc\n2026-01-01,-1.00,DR\n").error.code()).isEqualTo("amount_invalid");
    }

    @Test
    void latin1BytesInAUtf8CsvAreEncodingInvalidAtTheirLine() {
        byte[] bytes = ("Booking Date,Amount,Currency,Reference,Description,Transaction ID\n"
                + "2026-01-01,1,EUR,r,ok,id1\n2026-01-02,1,EUR,r,Caf\u00e9 Zur\u00fcck,id2\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Parsed parsed = Parsed.bytes(parser(BANK_EXPORT), bytes);
        assertThat(parsed.lines).extracting(StatementLine::entryId).containsExactly("id1");
        assertThat(parsed.error.code()).isEqualTo("encoding_invalid");
        assertThat(parsed.error.lineNumber()).isEqualTo(3);
    }

    @Test
    void anEmptyFileWithAnExpectedHeaderIsMalformed() {
        assertThat(Parsed.text(parser(BANK_EXPORT), "").error.code()).isEqualTo("statement_malformed");
        CsvMapping noHeader = CsvMapping.builder().header(false).date("1").amount("2").defaultCurrency("EUR").build();
        Parsed empty = Parsed.text(parser(noHeader), "\n\n");
        assertThat(empty.error).isNull();
        assertThat(empty.lines).isEmpty();
    }
}
