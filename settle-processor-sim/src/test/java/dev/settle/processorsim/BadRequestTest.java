package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BadRequestTest extends SimulatorFixture {

    @BeforeEach
    void startSimulator() throws Exception {
        start();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"amount\": 100, \"currency\": \"usd\", | body",
        "[1, 2]                                                                         | body",
        "{\"currency\": \"usd\", \"card\": \"pm_card_visa\"}                              | amount",
        "{\"amount\": \"100\", \"currency\": \"usd\", \"card\": \"pm_card_visa\"}         | amount",
        "{\"amount\": 10.5, \"currency\": \"usd\", \"card\": \"pm_card_visa\"}            | amount",
        "{\"amount\": 0, \"currency\": \"usd\", \"card\": \"pm_card_visa\"}               | amount",
        "{\"amount\": -5, \"currency\": \"usd\", \"card\": \"pm_card_visa\"}              | amount",
        "{\"amount\": 100, \"currency\": \"USD\", \"card\": \"pm_card_visa\"}             | currency",
        "{\"amount\": 100, \"currency\": \"dollars\", \"card\": \"pm_card_visa\"}         | currency",
        "{\"amount\": 100, \"currency\": \"usd\"}                                         | card",
        "{\"amount\": 100, \"currency\": \"usd\", \"card\": 4242}                         | card",
        "{\"amount\": 100, \"currency\": \"usd\", \"card\": \"pm_card_visa\", \"capture\": \"yes\"} | capture",
        "{\"amount\": 100, \"currency\": \"usd\", \"card\": \"pm_card_visa\", \"reference\": 7}    | reference",
        "{\"amount\": 100, \"currency\": \"usd\", \"card\": \"pm_card_visa\", \"authenticated\": 1} | authenticated",
    })
    void invalidAuthorizationNamesTheField(String body, String field) throws Exception {
        SimClient.Answer answer = client.post("/v1/authorizations", "k", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.errorCode()).isEqualTo("parameter_invalid");
        assertThat(answer.json().at("/error/message").asText()).contains("'" + field + "'");
        assertThat(client.get("/v1/operations/k").status()).isEqualTo(404);
    }

    @Test
    void invalidCaptureAmountNamesTheField() throws Exception {
        String id = client.authorize("a", "pm_card_visa", 1_000, false).json().get("id").asText();

        SimClient.Answer answer = client.post("/v1/charges/" + id + "/capture", "c", "{\"amount\": \"all\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("parameter_invalid");
        assertThat(answer.json().at("/error/message").asText()).contains("'amount'");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String body = "{\"reference\": \"" + "x".repeat(Exchanges.BODY_MAX_BYTES) + "\"}";

        SimClient.Answer answer = client.post("/v1/authorizations", "k", body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("request_too_large");
    }

    @Test
    void unknownPathIs404() throws Exception {
        SimClient.Answer answer = client.get("/v1/nothing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("resource_missing");
        assertThat(client.get("/v1/charges/").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(simulator.baseUri().resolve("/v1/authorizations")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).contains("POST");
        }
        assertThat(client.send("DELETE", "/v1/charges/ch_x").status()).isEqualTo(405);
    }

    @Test
    void healthIsOk() throws Exception {
        SimClient.Answer answer = client.get("/v1/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"ok\"}");
    }
}
