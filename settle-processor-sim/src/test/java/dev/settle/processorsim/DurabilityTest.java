package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurabilityTest extends SimulatorFixture {

    private Path logFile() {
        return dataDir.resolve(OperationLog.FILE_NAME);
    }

    @Test
    void restartKeepsChargesRefundsAnswersAndFences() throws Exception {
        start();
        SimClient.Answer authorization = client.authorize("auth", "pm_card_visa", 5_000, false);
        String id = authorization.json().get("id").asText();
        SimClient.Answer capture = client.post("/v1/charges/" + id + "/capture", "cap", "{\"amount\": 4000}");
        SimClient.Answer refund = client.post("/v1/charges/" + id + "/refunds", "ref", "{\"amount\": 1000}");
        SimClient.Answer declined = client.authorize("dec", "pm_card_chargeDeclined", 700, true);
        client.post("/v1/operations/fenced-key/fence", null, "");
        JsonNode chargeBefore = client.get("/v1/charges/" + id).json();

        restart();

        assertThat(client.get("/v1/charges/" + id).json()).isEqualTo(chargeBefore);
        assertThat(client.authorize("auth", "pm_card_visa", 5_000, false).body()).isEqualTo(authorization.body());
        assertThat(client.post("/v1/charges/" + id + "/capture", "cap", "{}").body()).isEqualTo(capture.body());
        assertThat(client.post("/v1/charges/" + id + "/refunds", "ref", "{}").body()).isEqualTo(refund.body());
        assertThat(client.authorize("dec", "pm_card_visa", 700, true).body()).isEqualTo(declined.body());
        assertThat(client.authorize("fenced-key", "pm_card_visa", 1, true).errorCode())
                .isEqualTo("idempotency_key_fenced");

        SimClient.Answer refundTooMuch = client.post("/v1/charges/" + id + "/refunds", "ref-2", "{\"amount\": 3001}");
        assertThat(refundTooMuch.errorCode()).isEqualTo("amount_too_large");
        SimClient.Answer refundRest = client.post("/v1/charges/" + id + "/refunds", "ref-3", "{}");
        assertThat(refundRest.json().get("amount").asLong()).isEqualTo(3_000);
    }

    @Test
    void everyOperationIsOneLine() throws Exception {
        start();
        String id = client.authorize("a", "pm_card_visa", 1_000, true).json().get("id").asText();
        client.post("/v1/charges/" + id + "/refunds", "r", "{}");
        client.post("/v1/operations/f/fence", null, "");
        client.authorize("a", "pm_card_visa", 1_000, true);
        client.authorize("bad", "pm_card_nope", 1_000, true);

        List<String> lines = Files.readAllLines(logFile());

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"op\":\"authorization\",\"key\":\"a\"");
        assertThat(lines.get(1)).startsWith("{\"op\":\"refund\",\"key\":\"r\"");
        assertThat(lines.get(2)).isEqualTo("{\"op\":\"fence\",\"key\":\"f\"}");
    }

    @Test
    void tornLastLineIsIgnoredAndCutOff() throws Exception {
        start();
        SimClient.Answer kept = client.authorize("kept", "pm_card_visa", 1_000, true);
        stop();
        Files.writeString(logFile(), "{\"op\":\"authorization\",\"key\":\"torn\",\"status_co",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        start();
        assertThat(client.get("/v1/operations/torn").status()).isEqualTo(404);
        assertThat(client.authorize("kept", "pm_card_visa", 1_000, true).body()).isEqualTo(kept.body());
        SimClient.Answer after = client.authorize("torn", "pm_card_mastercard", 2_000, true);
        assertThat(after.status()).isEqualTo(200);

        restart();
        assertThat(client.authorize("torn", "pm_card_visa", 1, true).body()).isEqualTo(after.body());
        assertThat(Files.readAllLines(logFile())).hasSize(2);
    }

    @Test
    void unparsableCompleteLastLineIsIgnoredToo() throws Exception {
        start();
        client.authorize("kept", "pm_card_visa", 1_000, true);
        stop();
        Files.writeString(logFile(), "\0\0\0\0\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        start();

        assertThat(client.get("/v1/operations/kept").status()).isEqualTo(200);
        client.authorize("next", "pm_card_visa", 1_000, true);
        assertThat(Files.readAllLines(logFile())).hasSize(2);
    }

    @Test
    void badLineInTheMiddleStopsTheStart() throws Exception {
        start();
        client.authorize("one", "pm_card_visa", 1_000, true);
        stop();
        Files.writeString(logFile(), "not json\n{\"op\":\"fence\",\"key\":\"x\"}\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThatThrownBy(this::start).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void startsOnAnEmptyOrMissingDirectory() throws Exception {
        start(config().withDataDir(dataDir.resolve("nested/dir")), java.time.Clock.systemUTC());

        assertThat(client.get("/v1/health").status()).isEqualTo(200);
        assertThat(dataDir.resolve("nested/dir").resolve(OperationLog.FILE_NAME)).exists();
    }
}
