package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettlementReportTest extends SimulatorFixture {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-28T23:59:59Z"));

    @BeforeEach
    void startSimulator() throws Exception {
        start(config(), clock);
    }

    private String authorize(String key, String currency, long amount, boolean capture) throws Exception {
        return client.post("/v1/authorizations", key, """
                {"amount": %d, "currency": "%s", "card": "pm_card_visa", "capture": %b, "reference": "pay_%s"}"""
                .formatted(amount, currency, capture, key)).json().get("id").asText();
    }

    @Test
    void listsTheDaysCapturesAndRefundsThenOnePayoutPerCurrency() throws Exception {
        String dayBefore = authorize("before", "usd", 999, true);
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        String first = authorize("c1", "usd", 10_000, true);
        clock.set(Instant.parse("2026-03-01T11:00:00Z"));
        String second = authorize("c2", "usd", 5_000, false);
        String euro = authorize("e1", "eur", 2_000, true);
        String voided = authorize("v1", "usd", 3_000, false);
        client.post("/v1/charges/" + voided + "/void", "void", "");
        client.post("/v1/authorizations", "declined", """
                {"amount": 100, "currency": "usd", "card": "pm_card_chargeDeclined"}""");
        clock.set(Instant.parse("2026-03-01T12:00:00Z"));
        client.post("/v1/charges/" + second + "/capture", "cap2", "{\"amount\": 4000}");
        clock.set(Instant.parse("2026-03-01T13:00:00Z"));
        String refund = client.post("/v1/charges/" + first + "/refunds", "r1", "{\"amount\": 2500}")
                .json().get("id").asText();
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        client.post("/v1/charges/" + first + "/refunds", "r-next-day", "{\"amount\": 100}");
        client.post("/v1/charges/" + dayBefore + "/refunds", "r-before", "{\"amount\": 100}");

        SimClient.Answer report = client.get("/v1/settlement_reports/2026-03-01");

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.contentType()).startsWith("text/csv");
        assertThat(report.body().lines()).containsExactly(
                "type,id,charge,reference,amount,fee,net,currency,created_at",
                "charge," + first + "," + first + ",pay_c1,10000,320,9680,usd,2026-03-01T10:00:00Z",
                "charge," + euro + "," + euro + ",pay_e1,2000,88,1912,eur,2026-03-01T11:00:00Z",
                "charge," + second + "," + second + ",pay_c2,4000,146,3854,usd,2026-03-01T12:00:00Z",
                "refund," + refund + "," + first + ",pay_c1,-2500,0,-2500,usd,2026-03-01T13:00:00Z",
                "payout,po_2026-03-01_eur,,,2000,88,1912,eur,2026-03-01T23:59:59Z",
                "payout,po_2026-03-01_usd,,,11500,466,11034,usd,2026-03-01T23:59:59Z");
    }

    @Test
    void rowsAtTheSameSecondAreOrderedById() throws Exception {
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        String a = authorize("a", "usd", 100, true);
        String b = authorize("b", "usd", 100, true);
        String c = authorize("c", "usd", 100, true);

        String report = client.get("/v1/settlement_reports/2026-03-01").body();

        String[] ids = {a, b, c};
        java.util.Arrays.sort(ids);
        assertThat(report.lines().skip(1).limit(3).map(line -> line.split(",")[1])).containsExactly(ids);
    }

    @Test
    void referencesWithCommasAreQuoted() throws Exception {
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        client.post("/v1/authorizations", "q", """
                {"amount": 100, "currency": "usd", "card": "pm_card_visa", "reference": "a,\\"b\\""}""");

        String report = client.get("/v1/settlement_reports/2026-03-01").body();

        assertThat(report.lines().skip(1).findFirst().orElseThrow()).contains(",\"a,\"\"b\"\"\",100,");
    }

    @Test
    void emptyDayHasOnlyTheHeader() throws Exception {
        assertThat(client.get("/v1/settlement_reports/2020-01-01").body())
                .isEqualTo(SettlementReport.HEADER + "\n");
    }

    @Test
    void badDateIsRefused() throws Exception {
        for (String date : new String[] {"2026-3-1", "2026-02-30", "yesterday", "+12026-01-01"}) {
            SimClient.Answer answer = client.get("/v1/settlement_reports/" + date);
            assertThat(answer.status()).as(date).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("parameter_invalid");
        }
    }
}
