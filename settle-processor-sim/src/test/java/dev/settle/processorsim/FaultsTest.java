package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest extends SimulatorFixture {

    @Test
    void errorRateOneRefusesEveryPostAndRecordsNothing() throws Exception {
        start(config().withErrorRate(1), Clock.systemUTC());

        SimClient.Answer answer = client.authorize("k1", "pm_card_visa", 1_000, true);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("api_error");
        assertThat(answer.errorCode()).isEqualTo("processor_unavailable");
        assertThat(client.post("/v1/charges/ch_x/capture", "k2", "{}").status()).isEqualTo(503);
        assertThat(client.get("/v1/operations/k1").status()).isEqualTo(404);
        assertThat(client.get("/v1/health").status()).isEqualTo(200);
        assertThat(Files.size(dataDir.resolve(OperationLog.FILE_NAME))).isZero();
    }

    @Test
    void errorRateDoesNotTouchTheRecoveryPath() throws Exception {
        start(config().withErrorRate(1), Clock.systemUTC());

        SimClient.Answer fence = client.post("/v1/operations/k1/fence", null, "");

        assertThat(fence.status()).isEqualTo(404);
        assertThat(fence.json().get("fenced").asBoolean()).isTrue();
    }

    @Test
    void lostAnswerRateOnePerformsButNeverAnswers() throws Exception {
        start(config().withLostAnswerRate(1), Clock.systemUTC());

        assertThatThrownBy(() -> client.authorize("k1", "pm_card_visa", 1_000, true))
                .isInstanceOf(IOException.class);

        SimClient.Answer operation = client.get("/v1/operations/k1");
        assertThat(operation.status()).isEqualTo(200);
        assertThat(operation.json().at("/response/status").asText()).isEqualTo("captured");
        String id = operation.json().at("/response/id").asText();
        assertThat(client.get("/v1/charges/" + id).status()).isEqualTo(200);
    }

    @Test
    void refusalsAreAnsweredEvenWhenAnswersAreLost() throws Exception {
        start(config().withLostAnswerRate(1), Clock.systemUTC());

        assertThat(client.authorize("k1", "pm_card_nope", 1_000, true).errorCode()).isEqualTo("card_unknown");
    }

    @Test
    void latencyIsAddedToEveryRequest() throws Exception {
        long latency = 120;
        start(config().withLatencyMillis(latency), Clock.systemUTC());

        long started = System.nanoTime();
        client.get("/v1/health");
        client.get("/v1/operations/none");

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(2 * latency);
    }

    @Test
    void sameSeedFailsTheSameRequests() throws Exception {
        List<Integer> first = statuses(7);
        List<Integer> second = statuses(7);

        assertThat(first).isEqualTo(second).contains(200, 503);
    }

    private List<Integer> statuses(long seed) throws Exception {
        start(config().withDataDir(Files.createTempDirectory(dataDir, "run")).withErrorRate(0.5).withSeed(seed),
                Clock.systemUTC());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(client.authorize("k" + i, "pm_card_visa", 100, true).status());
        }
        stop();
        return statuses;
    }
}
