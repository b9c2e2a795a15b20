package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationTest extends SimulatorFixture {

    @BeforeEach
    void startSimulator() throws Exception {
        start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_visa", "4242424242424242", "pm_card_mastercard", "5555555555554444"})
    void approvedCardsAuthorize(String card) throws Exception {
        SimClient.Answer answer = client.authorize("k-" + card, card, 1_000, false);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode charge = answer.json();
        assertThat(charge.get("id").asText()).matches("ch_[A-Za-z0-9]{24}");
        assertThat(charge.get("object").asText()).isEqualTo("charge");
        assertThat(charge.get("status").asText()).isEqualTo("authorized");
        assertThat(charge.get("amount").asLong()).isEqualTo(1_000);
        assertThat(charge.get("amount_captured").asLong()).isZero();
        assertThat(charge.get("amount_refunded").asLong()).isZero();
        assertThat(charge.get("currency").asText()).isEqualTo("usd");
        assertThat(charge.get("decline_code").isNull()).isTrue();
        assertThat(charge.get("fee").asLong()).isZero();
        assertThat(charge.get("reference").asText()).isEqualTo("pay_k-" + card);
        assertThat(charge.get("created").asLong()).isPositive();
        assertThat(charge.get("captured_at").isNull()).isTrue();
    }

    @Test
    void captureTrueCapturesInFullWithTheFee() throws Exception {
        JsonNode charge = client.authorize("k1", "pm_card_visa", 10_000, true).json();

        assertThat(charge.get("status").asText()).isEqualTo("captured");
        assertThat(charge.get("amount_captured").asLong()).isEqualTo(10_000);
        assertThat(charge.get("fee").asLong()).isEqualTo(290 + 30);
        assertThat(charge.get("captured_at").asLong()).isEqualTo(charge.get("created").asLong());
    }

    @Test
    void captureDefaultsToTrue() throws Exception {
        SimClient.Answer answer = client.post("/v1/authorizations", "k1", """
                {"amount": 500, "currency": "eur", "card": "pm_card_visa"}""");

        assertThat(answer.json().get("status").asText()).isEqualTo("captured");
        assertThat(answer.json().get("reference").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_chargeDeclined", "4000000000000002"})
    void declinedCardIsAGenericDecline(String card) throws Exception {
        SimClient.Answer answer = client.authorize("k1", card, 1_000, true);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode charge = answer.json();
        assertThat(charge.get("id").asText()).startsWith("ch_");
        assertThat(charge.get("status").asText()).isEqualTo("declined");
        assertThat(charge.get("decline_code").asText()).isEqualTo("generic_decline");
        assertThat(charge.get("amount_captured").asLong()).isZero();
        assertThat(charge.get("fee").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_chargeDeclinedInsufficientFunds", "4000000000009995"})
    void insufficientFundsCardIsDeclined(String card) throws Exception {
        JsonNode charge = client.authorize("k1", card, 1_000, true).json();

        assertThat(charge.get("status").asText()).isEqualTo("declined");
        assertThat(charge.get("decline_code").asText()).isEqualTo("insufficient_funds");
    }

    @Test
    void declinedChargeCannotBeCaptured() throws Exception {
        String id = client.authorize("k1", "pm_card_chargeDeclined", 1_000, false).json().get("id").asText();

        SimClient.Answer capture = client.post("/v1/charges/" + id + "/capture", "k2", "{}");

        assertThat(capture.status()).isEqualTo(400);
        assertThat(capture.errorCode()).isEqualTo("charge_unexpected_state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_authenticationRequired", "4000000000003220"})
    void authenticationCardNeedsAuthentication(String card) throws Exception {
        JsonNode unauthenticated = client.authorize("k1", card, 1_000, true).json();
        JsonNode authenticated = client.post("/v1/authorizations", "k2", """
                {"amount": 1000, "currency": "usd", "card": "%s", "capture": true, "authenticated": true}"""
                .formatted(card)).json();

        assertThat(unauthenticated.get("status").asText()).isEqualTo("requires_action");
        assertThat(unauthenticated.get("amount_captured").asLong()).isZero();
        assertThat(authenticated.get("status").asText()).isEqualTo("captured");
        assertThat(authenticated.get("amount_captured").asLong()).isEqualTo(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_settleSlow", "4000000000007734"})
    void slowCardIsApprovedLate(String card) throws Exception {
        long started = System.nanoTime();
        JsonNode charge = client.authorize("k1", card, 1_000, false).json();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(charge.get("status").asText()).isEqualTo("authorized");
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(SLOW_MILLIS);
    }

    @Test
    void unknownCardIsRefused() throws Exception {
        SimClient.Answer answer = client.authorize("k1", "4111111111111111", 1_000, true);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.errorCode()).isEqualTo("card_unknown");
        assertThat(answer.json().at("/error/message").asText()).contains("4111111111111111");
    }

    @Test
    void chargeCanBeRead() throws Exception {
        JsonNode authorized = client.authorize("k1", "pm_card_visa", 1_000, false).json();

        SimClient.Answer read = client.get("/v1/charges/" + authorized.get("id").asText());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(authorized);
        assertThat(client.get("/v1/charges/ch_nope").errorCode()).isEqualTo("resource_missing");
        assertThat(client.get("/v1/charges/ch_nope").status()).isEqualTo(404);
    }
}
