package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryTest extends SimulatorFixture {

    @BeforeEach
    void startSimulator() throws Exception {
        start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_settleAnswerLost", "4000000000007726"})
    void lostAnswerIsRevealedOnlyByTheOperation(String card) throws Exception {
        assertThatThrownBy(() -> client.authorize("lost", card, 1_000, true)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.authorize("lost", card, 1_000, true)).isInstanceOf(IOException.class);

        SimClient.Answer operation = client.get("/v1/operations/lost");
        assertThat(operation.status()).isEqualTo(200);
        JsonNode charge = operation.json().get("response");
        assertThat(charge.get("status").asText()).isEqualTo("captured");
        assertThat(charge.get("amount_captured").asLong()).isEqualTo(1_000);

        SimClient.Answer fence = client.post("/v1/operations/lost/fence", null, "");
        assertThat(fence.status()).isEqualTo(200);
        assertThat(fence.json()).isEqualTo(operation.json());
        assertThat(client.get("/v1/charges/" + charge.get("id").asText()).json()).isEqualTo(charge);
    }

    @Test
    void fencedKeyCanNeverBeUsed() throws Exception {
        SimClient.Answer fence = client.post("/v1/operations/never-arrived/fence", null, "");

        assertThat(fence.status()).isEqualTo(404);
        assertThat(fence.errorCode()).isEqualTo("resource_missing");
        assertThat(fence.json().get("fenced").asBoolean()).isTrue();

        SimClient.Answer late = client.authorize("never-arrived", "pm_card_visa", 1_000, true);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(late.errorCode()).isEqualTo("idempotency_key_fenced");
        assertThat(client.get("/v1/operations/never-arrived").status()).isEqualTo(404);

        SimClient.Answer fenceAgain = client.post("/v1/operations/never-arrived/fence", null, "");
        assertThat(fenceAgain.status()).isEqualTo(404);
        assertThat(fenceAgain.body()).isEqualTo(fence.body());
    }

    @Test
    void unknownOperationIs404() throws Exception {
        SimClient.Answer answer = client.get("/v1/operations/nothing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.errorCode()).isEqualTo("resource_missing");
    }
}
