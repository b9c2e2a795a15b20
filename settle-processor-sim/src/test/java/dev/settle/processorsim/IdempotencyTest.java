package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends SimulatorFixture {

    @BeforeEach
    void startSimulator() throws Exception {
        start();
    }

    @Test
    void sameKeyReplaysTheFirstAnswerVerbatimAndChargesOnce() throws Exception {
        SimClient.Answer first = client.authorize("pay-1", "pm_card_visa", 1_000, true);
        SimClient.Answer same = client.authorize("pay-1", "pm_card_visa", 1_000, true);
        SimClient.Answer otherBody = client.post("/v1/authorizations", "pay-1", """
                {"amount": 999999, "currency": "eur", "card": "pm_card_chargeDeclined"}""");

        assertThat(same.status()).isEqualTo(first.status());
        assertThat(same.body()).isEqualTo(first.body());
        assertThat(otherBody.body()).isEqualTo(first.body());

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String report = client.get("/v1/settlement_reports/" + today).body();
        assertThat(report.lines().filter(line -> line.startsWith("charge,"))).hasSize(1);
    }

    @Test
    void replayedCaptureAndRefundDoNotApplyTwice() throws Exception {
        String id = client.authorize("a", "pm_card_visa", 1_000, false).json().get("id").asText();
        SimClient.Answer capture = client.post("/v1/charges/" + id + "/capture", "cap", "{\"amount\": 800}");
        SimClient.Answer captureAgain = client.post("/v1/charges/" + id + "/capture", "cap", "{\"amount\": 800}");
        SimClient.Answer refund = client.post("/v1/charges/" + id + "/refunds", "ref", "{\"amount\": 300}");
        SimClient.Answer refundAgain = client.post("/v1/charges/" + id + "/refunds", "ref", "{\"amount\": 300}");

        assertThat(captureAgain.status()).isEqualTo(200);
        assertThat(captureAgain.body()).isEqualTo(capture.body());
        assertThat(refundAgain.body()).isEqualTo(refund.body());
        JsonNode charge = client.get("/v1/charges/" + id).json();
        assertThat(charge.get("amount_refunded").asLong()).isEqualTo(300);
    }

    @Test
    void declinesAreRecordedButRefusalsAreNot() throws Exception {
        SimClient.Answer declined = client.authorize("d", "pm_card_chargeDeclined", 1_000, true);
        SimClient.Answer refused = client.authorize("u", "pm_card_unknown", 1_000, true);

        assertThat(client.authorize("d", "pm_card_visa", 1_000, true).body()).isEqualTo(declined.body());
        assertThat(refused.errorCode()).isEqualTo("card_unknown");
        assertThat(client.get("/v1/operations/u").status()).isEqualTo(404);
        assertThat(client.authorize("u", "pm_card_visa", 1_000, true).json().get("status").asText())
                .isEqualTo("captured");
    }

    @Test
    void operationShowsTheRecordedAnswer() throws Exception {
        SimClient.Answer first = client.authorize("pay-1", "pm_card_visa", 1_000, false);

        SimClient.Answer operation = client.get("/v1/operations/pay-1");

        assertThat(operation.status()).isEqualTo(200);
        assertThat(operation.json().get("key").asText()).isEqualTo("pay-1");
        assertThat(operation.json().get("status_code").asInt()).isEqualTo(200);
        assertThat(operation.json().get("response")).isEqualTo(first.json());
    }

    @Test
    void keysMayHoldReservedCharactersWhenEncoded() throws Exception {
        client.authorize("order/42 #1", "pm_card_visa", 1_000, false);

        SimClient.Answer operation = client.get("/v1/operations/order%2F42%20%231");

        assertThat(operation.status()).isEqualTo(200);
        assertThat(operation.json().get("key").asText()).isEqualTo("order/42 #1");
    }

    @Test
    void missingOrOverlongKeyIsRefused() throws Exception {
        SimClient.Answer missing = client.post("/v1/authorizations", null, "{}");
        SimClient.Answer overlong = client.authorize("k".repeat(256), "pm_card_visa", 1_000, true);
        SimClient.Answer longest = client.post("/v1/authorizations", "k".repeat(255), """
                {"amount": 100, "currency": "usd", "card": "pm_card_visa"}""");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("idempotency_key_missing");
        assertThat(overlong.errorCode()).isEqualTo("idempotency_key_missing");
        assertThat(longest.status()).isEqualTo(200);
    }
}
