package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SettlementReportParserTest {
    private static final String HEADER = "type,id,charge,reference,amount,fee,net,currency,created_at\n";

    private final SettlementReportParser parser = new SettlementReportParser();

    @Test
    void simulatorReportBecomesChargeRefundAndPayoutLines() {
        Parsed parsed = Parsed.resource(parser, "settlement-2026-12-05.csv");
        assertThat(parsed.error).isNull();
        LocalDate day = LocalDate.of(2026, 12, 5);
        assertThat(parsed.lines).containsExactly(
                new StatementLine(2, day, 5000, 175, "EUR", "ch_1001", "order-1001", "ch_1001",
                        "charge,ch_1001,ch_1001,order-1001,5000,175,4825,EUR,2026-12-05T09:00:00Z"),
                new StatementLine(3, day, 12000, 378, "USD", "ch_1002", "order 1002, gift", "ch_1002",
                        "charge,ch_1002,ch_1002,\"order 1002, gift\",12000,378,11622,USD,2026-12-05T10:30:15Z"),
                new StatementLine(4, day, -2000, 0, "EUR", "ch_1001", "order-1001", "re_2001",
                        "refund,re_2001,ch_1001,order-1001,-2000,0,-2000,EUR,2026-12-05T12:00:00Z"),
                new StatementLine(5, day, 800, 53, "EUR", "ch_1003", "", "ch_1003",
                        "charge,ch_1003,ch_1003,,800,53,747,EUR,2026-12-05T23:59:58Z"),
                new StatementLine(6, day, -3572, 0, "EUR", "po_2026-12-05_EUR", "", "po_2026-12-05_EUR",
                        "payout,po_2026-12-05_EUR,,,3800,228,3572,EUR,2026-12-05T23:59:59Z"),
                new StatementLine(7, day, -11622, 0, "USD", "po_2026-12-05_USD", "", "po_2026-12-05_USD",
                        "payout,po_2026-12-05_USD,,,12000,378,11622,USD,2026-12-05T23:59:59Z"));
    }

    @Test
    void theDateIsTheUtcDateOfTheInstant() {
        Parsed parsed = Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EUR,2026-12-05T23:30:00-05:00\n");
        assertThat(parsed.lines).extracting(StatementLine::date).containsExactly(LocalDate.of(2026, 12, 6));
    }

    @Test
    void aWrongHeaderIsMalformedAtLineOne() {
        Parsed parsed = Parsed.text(parser, "type,id,charge,reference,amount,fee,currency,created_at\n"
                + "charge,ch_1,ch_1,r,100,3,EUR,2026-12-05T10:00:00Z\n");
        assertThat(parsed.lines).isEmpty();
        assertThat(parsed.error.code()).isEqualTo("statement_malformed");
        assertThat(parsed.error.lineNumber()).isEqualTo(1);
        assertThat(Parsed.text(parser, "").error.code()).isEqualTo("statement_malformed");
    }

    @Test
    void anUnknownRowTypeIsMalformedAtItsLine() {
        Parsed parsed = Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EUR,2026-12-05T10:00:00Z\n"
                + "dispute,dp_1,ch_1,r,-100,0,-100,EUR,2026-12-05T11:00:00Z\n"
                + "charge,ch_2,ch_2,r,100,3,97,EUR,2026-12-05T12:00:00Z\n");
        assertThat(parsed.lines).hasSize(1);
        assertThat(parsed.error.code()).isEqualTo("statement_malformed");
        assertThat(parsed.error.lineNumber()).isEqualTo(3);
    }

    @Test
    void badIntegersAreAmountInvalid() {
        for (String row : new String[] {
                "charge,ch_1,ch_1,r,12.50,3,9.50,EUR,2026-12-05T10:00:00Z",
                "charge,ch_1,ch_1,r,100,x,97,EUR,2026-12-05T10:00:00Z",
                "charge,ch_1,ch_1,r,100,3,98,EUR,2026-12-05T10:00:00Z",
                "charge,ch_1,ch_1,r,100,-3,103,EUR,2026-12-05T10:00:00Z",
                "charge,ch_1,ch_1,r,-100,0,-100,EUR,2026-12-05T10:00:00Z",
                "refund,re_1,ch_1,r,100,0,100,EUR,2026-12-05T10:00:00Z",
                "payout,po_1,,,-9223372036854775807,1,-9223372036854775808,EUR,2026-12-05T10:00:00Z",
                "charge,ch_1,ch_1,r,99999999999999999999,0,1,EUR,2026-12-05T10:00:00Z"}) {
            Parsed parsed = Parsed.text(parser, HEADER + row + "\n");
            assertThat(parsed.error).as(row).isNotNull();
            assertThat(parsed.error.code()).as(row).isEqualTo("amount_invalid");
            assertThat(parsed.error.lineNumber()).as(row).isEqualTo(2);
        }
    }

    @Test
    void badCurrencyDateAndShapeHaveTheirCodes() {
        assertThat(Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EURO,2026-12-05T10:00:00Z\n").error.code())
                .isEqualTo("currency_invalid");
        assertThat(Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EUR,2026-12-05\n").error.code())
                .isEqualTo("date_invalid");
        assertThat(Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EUR\n").error.code())
                .isEqualTo("column_missing");
        assertThat(Parsed.text(parser, HEADER + "charge,ch_1,ch_1,r,100,3,97,EUR,2026-12-05T10:00:00Z,extra\n").error.code())
                .isEqualTo("statement_malformed");
    }
}
