package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvMappingTest {

    private static CsvMapping.Builder minimal() {
        return CsvMapping.builder().date("date").amount("amount").defaultCurrency("EUR");
    }

    @Test
    void defaultsAreFilledIn() {
        CsvMapping mapping = minimal().build();
        assertThat(mapping.header()).isTrue();
        assertThat(mapping.delimiter()).isEqualTo(',');
        assertThat(mapping.decimalSeparator()).isEqualTo('.');
        assertThat(mapping.thousandsSeparator()).isNull();
        assertThat(mapping.dateFormat()).isEqualTo("yyyy-MM-dd");
        assertThat(mapping.creditValues()).containsExactlyInAnyOrder("cr", "crdt", "c", "credit", "in");
        assertThat(mapping.debitValues()).containsExactlyInAnyOrder("dr", "dbit", "d", "debit", "out");
    }

    @Test
    void amountAndDebitCreditAreExclusive() {
        assertThatThrownBy(() -> minimal().debit("d").credit("c").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mapping.amount and mapping.debit/credit are exclusive");
    }

    @Test
    void debitAndCreditGoTogether() {
        assertThatThrownBy(() -> CsvMapping.builder().date("d").debit("x").defaultCurrency("EUR").build())
                .hasMessage("mapping.debit and mapping.credit go together");
    }

    @Test
    void someAmountIsRequired() {
        assertThatThrownBy(() -> CsvMapping.builder().date("d").defaultCurrency("EUR").build())
                .hasMessageContaining("mapping.amount");
    }

    @Test
    void dateIsRequired() {
        assertThatThrownBy(() -> CsvMapping.builder().amount("a").defaultCurrency("EUR").build())
                .hasMessage("mapping.date is required");
    }

    @Test
    void directionNeedsAnAmountColumn() {
        assertThatThrownBy(() -> CsvMapping.builder().date("d").debit("x").credit("y").direction("dc")
                        .defaultCurrency("EUR").build())
                .hasMessage("mapping.direction needs mapping.amount");
    }

    @Test
    void exactlyOneCurrencySource() {
        assertThatThrownBy(() -> minimal().currency("ccy").build())
                .hasMessage("mapping.currency and mapping.default_currency are exclusive");
        assertThatThrownBy(() -> CsvMapping.builder().date("d").amount("a").build())
                .hasMessage("mapping.currency or mapping.default_currency is required");
    }

    @Test
    void defaultCurrencyMustBeIso4217AndIsUpperCased() {
        assertThat(minimal().defaultCurrency("chf").build().defaultCurrency()).isEqualTo("CHF");
        assertThatThrownBy(() -> minimal().defaultCurrency("EURO").build())
                .hasMessageContaining("mapping.default_currency");
    }

    @Test
    void withoutHeaderEveryColumnIsAnIndex() {
        assertThat(minimal().header(false).date("1").amount("2").build().amount()).isEqualTo("2");
        assertThatThrownBy(() -> minimal().header(false).date("1").build())
                .hasMessageContaining("mapping.amount")
                .hasMessageContaining("index");
    }

    @Test
    void indexesAreBounded() {
        assertThatThrownBy(() -> minimal().amount("0").build()).hasMessageContaining("mapping.amount");
        assertThatThrownBy(() -> minimal().amount("1001").build()).hasMessageContaining("from 1 to 1000");
        assertThatThrownBy(() -> minimal().amount("99999999999").build()).hasMessageContaining("mapping.amount");
    }

    @Test
    void separatorsAreChecked() {
        assertThatThrownBy(() -> minimal().decimalSeparator(',').thousandsSeparator(',').build())
                .hasMessage("mapping.decimal_separator and mapping.thousands_separator must differ");
        assertThatThrownBy(() -> minimal().delimiter('"').build()).hasMessageContaining("mapping.delimiter");
        assertThatThrownBy(() -> minimal().decimalSeparator('-').build()).hasMessageContaining("mapping.decimal_separator");
        assertThatThrownBy(() -> minimal().thousandsSeparator('7').build()).hasMessageContaining("mapping.thousands_separator");
    }

    @Test
    void dateFormatMustBeAPattern() {
        assertThatThrownBy(() -> minimal().dateFormat("yyyy-MM-dd{").build()).hasMessageContaining("mapping.date_format");
        assertThat(minimal().dateFormat("dd.MM.yyyy").build().dateFormat()).isEqualTo("dd.MM.yyyy");
    }

    @Test
    void directionValuesAreLowerCasedAndDisjoint() {
        CsvMapping mapping = minimal().direction("dc").creditValues(Set.of("H", "Haben")).debitValues(Set.of("S")).build();
        assertThat(mapping.creditValues()).containsExactlyInAnyOrder("h", "haben");
        assertThatThrownBy(() -> minimal().direction("dc").creditValues(Set.of("X")).debitValues(Set.of("x")).build())
                .hasMessageContaining("share");
        assertThatThrownBy(() -> minimal().creditValues(Set.of()).build()).hasMessageContaining("mapping.credit_values");
    }

    @Test
    void apiParametersSetTheirFields() {
        CsvMapping mapping = CsvMapping.builder()
                .parameter("header", "false")
                .parameter("delimiter", ";")
                .parameter("date", "1")
                .parameter("amount", "2")
                .parameter("direction", "3")
                .parameter("credit_values", "H, Haben")
                .parameter("debit_values", "S")
                .parameter("currency", "4")
                .parameter("reference", "5")
                .parameter("description", "6")
                .parameter("id", "7")
                .parameter("date_format", "dd.MM.yyyy")
                .parameter("decimal_separator", ",")
                .parameter("thousands_separator", ".")
                .build();
        assertThat(mapping).isEqualTo(new CsvMapping(false, ';', "1", "2", null, null, "3", Set.of("h", "haben"),
                Set.of("s"), "4", null, "5", "6", "7", "dd.MM.yyyy", ',', '.'));
        CsvMapping twoColumns = CsvMapping.builder().parameter("date", "Date").parameter("debit", "Out")
                .parameter("credit", "In").parameter("default_currency", "gbp").parameter("thousands_separator", "").build();
        assertThat(twoColumns.debit()).isEqualTo("Out");
        assertThat(twoColumns.credit()).isEqualTo("In");
        assertThat(twoColumns.defaultCurrency()).isEqualTo("GBP");
        assertThat(twoColumns.thousandsSeparator()).isNull();
    }

    @Test
    void unknownOrMisshapenParametersAreRefused() {
        assertThatThrownBy(() -> CsvMapping.builder().parameter("amout", "x")).hasMessageContaining("not a mapping parameter");
        assertThatThrownBy(() -> CsvMapping.builder().parameter("delimiter", ";;")).hasMessage("mapping.delimiter must be one character");
        assertThatThrownBy(() -> CsvMapping.builder().parameter("header", "yes")).hasMessage("mapping.header must be true or false");
    }
}
