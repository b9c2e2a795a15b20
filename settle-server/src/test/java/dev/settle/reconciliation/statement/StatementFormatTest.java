package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementFormatTest {

    @Test
    void apiNamesRoundTrip() {
        for (StatementFormat format : StatementFormat.values()) {
            assertThat(StatementFormat.fromApiName(format.apiName())).isSameAs(format);
        }
        assertThat(StatementFormat.CAMT053.apiName()).isEqualTo("camt053");
        assertThat(StatementFormat.CSV.apiName()).isEqualTo("csv");
        assertThat(StatementFormat.SETTLEMENT_REPORT.apiName()).isEqualTo("settlement_report");
    }

    @Test
    void unknownNamesAreNull() {
        assertThat(StatementFormat.fromApiName("CSV")).isNull();
        assertThat(StatementFormat.fromApiName("mt940")).isNull();
        assertThat(StatementFormat.fromApiName(null)).isNull();
    }
}
