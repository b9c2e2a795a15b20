package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MinorUnitsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.50|EUR|1250", "12.5|EUR|1250", "12|EUR|1200", "0.01|EUR|1", "-12.50|EUR|-1250", "+7|EUR|700",
            "(12.50)|EUR|-1250", "12.500|EUR|1250", "12.5000000|EUR|1250", "007.10|EUR|710",
            "500|JPY|500", "500.00|JPY|500", "12.345|BHD|12345", "1.2|BHD|1200", "3|XXX|3",
            "92233720368547758.07|EUR|9223372036854775807", "-92233720368547758.07|EUR|-9223372036854775807"})
    void decimalTextBecomesMinorUnits(String text, String currency, long expected) {
        assertThat(MinorUnits.parse(text, currency, '.', null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.234,56|123456", "1.234.567,89|123456789", "234,5|23450", "-1.000,00|-100000", "(1.000)|-100000",
            "1234,56|123456"})
    void declaredThousandsSeparatorsAreAcceptedInGroupsOfThree(String text, long expected) {
        assertThat(MinorUnits.parse(text, "EUR", ',', '.')).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.23,00", "12.34.567,00", "1.2345,00", ".234,00", "1..234,00", "1.234.,00", "1.234."})
    void thousandsSeparatorsOutsideGroupsOfThreeAreInvalid(String text) {
        assertThatThrownBy(() -> MinorUnits.parse(text, "EUR", ',', '.')).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "()", "(12.50", "12.50)", "-(12)", "(-12)", "--1", "12.", ".50", "1e3",
            "12.501", "12.5.0", " 12", "12 ", "1,234.00", "12,50", "0x10", "١٢", "92233720368547758.08",
            "99999999999999999999", "NaN"})
    void invalidTextIsRefused(String text) {
        assertThatThrownBy(() -> MinorUnits.parse(text, "EUR", '.', null)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void extraFractionDigitsMustBeZeros() {
        assertThat(MinorUnits.parse("100.000", "JPY", '.', null)).isEqualTo(100);
        assertThatThrownBy(() -> MinorUnits.parse("100.5", "JPY", '.', null))
                .isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("more than 0 fraction digits");
    }

    @Test
    void unknownCurrencyIsAnIllegalArgumentButNotANumberFormatError() {
        assertThatThrownBy(() -> MinorUnits.parse("12.50", "XYZ", '.', null))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> MinorUnits.parse("12.50", "eur", '.', null))
                .isNotInstanceOf(NumberFormatException.class);
    }

    @Test
    void fractionDigitsFollowIso4217() {
        assertThat(MinorUnits.fractionDigits("EUR")).isEqualTo(2);
        assertThat(MinorUnits.fractionDigits("JPY")).isZero();
        assertThat(MinorUnits.fractionDigits("BHD")).isEqualTo(3);
        assertThat(MinorUnits.fractionDigits("XAU")).isZero();
    }

    @Test
    void sameDecimalAndThousandsSeparatorIsRefused() {
        assertThatThrownBy(() -> MinorUnits.parse("1.000", "EUR", '.', '.'))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(NumberFormatException.class);
    }

    @Test
    void overflowIsCaughtWhenScalingToMinorUnits() {
        assertThatThrownBy(() -> MinorUnits.parse("922337203685477581", "EUR", '.', null))
                .isInstanceOf(NumberFormatException.class);
        assertThat(MinorUnits.parse("9223372036854775807", "JPY", '.', null)).isEqualTo(Long.MAX_VALUE);
    }
}
