package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChargeLifecycleTest extends SimulatorFixture {

    @BeforeEach
    void startSimulator() throws Exception {
        start();
    }

    private String authorized(long amount) throws Exception {
        return client.authorize("auth-" + amount, "pm_card_visa", amount, false).json().get("id").asText();
    }

    @Test
    void partialCaptureReleasesTheRestAndRefundsStopAtTheCapturedAmount() throws Exception {
        String id = authorized(10_000);

        JsonNode captured = client.post("/v1/charges/" + id + "/capture", "cap", """
                {"amount": 6000}""").json();
        assertThat(captured.get("status").asText()).isEqualTo("captured");
        assertThat(captured.get("amount_captured").asLong()).isEqualTo(6_000);
        assertThat(captured.get("fee").asLong()).isEqualTo(174 + 30);
        assertThat(captured.get("captured_at").isNull()).isFalse();

        SimClient.Answer again = client.post("/v1/charges/" + id + "/capture", "cap-2", "{\"amount\": 1000}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("charge_unexpected_state");

        JsonNode refund = client.post("/v1/charges/" + id + "/refunds", "re-1", "{\"amount\": 2500}").json();
        assertThat(refund.get("id").asText()).matches("re_[A-Za-z0-9]{24}");
        assertThat(refund.get("object").asText()).isEqualTo("refund");
        assertThat(refund.get("charge").asText()).isEqualTo(id);
        assertThat(refund.get("amount").asLong()).isEqualTo(2_500);
        assertThat(refund.get("currency").asText()).isEqualTo("usd");
        assertThat(refund.get("status").asText()).isEqualTo("succeeded");
        assertThat(refund.get("created").asLong()).isPositive();

        SimClient.Answer tooMuch = client.post("/v1/charges/" + id + "/refunds", "re-2", "{\"amount\": 3501}");
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorCode()).isEqualTo("amount_too_large");

        JsonNode rest = client.post("/v1/charges/" + id + "/refunds", "re-3", "{}").json();
        assertThat(rest.get("amount").asLong()).isEqualTo(3_500);

        SimClient.Answer nothingLeft = client.post("/v1/charges/" + id + "/refunds", "re-4", "{}");
        assertThat(nothingLeft.errorCode()).isEqualTo("amount_too_large");

        JsonNode charge = client.get("/v1/charges/" + id).json();
        assertThat(charge.get("amount_refunded").asLong()).isEqualTo(6_000);
        assertThat(charge.get("amount_captured").asLong()).isEqualTo(6_000);
        assertThat(charge.get("status").asText()).isEqualTo("captured");
    }

    @Test
    void captureDefaultsToTheWholeAuthorization() throws Exception {
        String id = authorized(2_000);

        JsonNode captured = client.post("/v1/charges/" + id + "/capture", "cap", "").json();

        assertThat(captured.get("amount_captured").asLong()).isEqualTo(2_000);
        assertThat(captured.get("fee").asLong()).isEqualTo(58 + 30);
    }

    @Test
    void captureAboveTheAuthorizationIsRefused() throws Exception {
        String id = authorized(2_000);

        SimClient.Answer answer = client.post("/v1/charges/" + id + "/capture", "cap", "{\"amount\": 2001}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("amount_too_large");
        assertThat(client.get("/v1/charges/" + id).json().get("status").asText()).isEqualTo("authorized");
    }

    @Test
    void voidReleasesAnAuthorizationOnly() throws Exception {
        String id = authorized(2_000);

        JsonNode voided = client.post("/v1/charges/" + id + "/void", "void-1", "").json();
        SimClient.Answer captureAfter = client.post("/v1/charges/" + id + "/capture", "cap", "{}");
        SimClient.Answer voidAgain = client.post("/v1/charges/" + id + "/void", "void-2", "");

        assertThat(voided.get("status").asText()).isEqualTo("voided");
        assertThat(voided.get("amount_captured").asLong()).isZero();
        assertThat(captureAfter.errorCode()).isEqualTo("charge_unexpected_state");
        assertThat(voidAgain.errorCode()).isEqualTo("charge_unexpected_state");
    }

    @Test
    void capturedChargeCannotBeVoidedAndAuthorizedOneCannotBeRefunded() throws Exception {
        String captured = client.authorize("a1", "pm_card_visa", 1_000, true).json().get("id").asText();
        String authorized = authorized(1_000);

        assertThat(client.post("/v1/charges/" + captured + "/void", "v", "").errorCode())
                .isEqualTo("charge_unexpected_state");
        assertThat(client.post("/v1/charges/" + authorized + "/refunds", "r", "{}").errorCode())
                .isEqualTo("charge_unexpected_state");
    }

    @Test
    void unknownChargeIs404() throws Exception {
        for (String action : new String[] {"capture", "void", "refunds"}) {
            SimClient.Answer answer = client.post("/v1/charges/ch_missing/" + action, "k-" + action, "{}");
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("resource_missing");
        }
    }
}
