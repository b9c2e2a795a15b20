package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.LedgerLimits;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch body is streamed item by item: every malformed shape is still a clear 400 and nothing is applied. */
class BatchBodyTest {
    @TempDir
    Path data;
    private TestServer server;
    private String transfer;
    private String debit;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        debit = server.account(server.defaultKey, "EUR");
        String credit = server.account(server.defaultKey, "EUR");
        transfer = TestServer.transfer(debit, credit, 5);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Answer batch(String body) {
        return server.post("/v1/transfers/batch", server.defaultKey, body);
    }

    @Test
    void eachMalformedShapeNamesItsParameter() {
        assertError(batch("{\"transfers\":[]}"), "parameter_invalid", "transfers");
        assertError(batch("{}"), "parameter_missing", "transfers");
        assertError(batch("{\"transfers\":{}}"), "parameter_invalid", "transfers");
        assertError(batch("{\"transfers\":[" + transfer + "],\"extra\":1}"), "parameter_unknown", "extra");
        assertError(batch("{\"transfers\":[" + transfer + ",7]}"), "parameter_invalid", "transfers[1]");
        assertError(batch("{\"transfers\":[" + transfer.replace("\"amount\":5", "\"amount\":\"x\"") + "]}"),
                "parameter_invalid", "transfers[0].amount");
        assertError(batch("[" + transfer + "]"), "invalid_json", null);
        assertError(batch("{\"transfers\":[" + transfer + "]} trailing"), "invalid_json", null);
        assertError(batch("{\"transfers\":[" + transfer + "],\"transfers\":[]}"), "invalid_json", null);
    }

    @Test
    void oneItemPastTheLimitIsRefusedWithoutApplyingAny() {
        String items = String.join(",", Collections.nCopies(LedgerLimits.TRANSFERS_PER_BATCH_MAX + 1, transfer));
        assertError(batch("{\"transfers\":[" + items + "]}"), "parameter_invalid", "transfers");
        assertThat(server.get("/v1/accounts/" + debit + "/transfers", server.defaultKey).data()).isEmpty();
        assertThat(batch("{\"transfers\":[" + transfer + "," + transfer + "]}").status()).isEqualTo(200);
    }

    private static void assertError(TestServer.Answer answer, String code, String param) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.field("error.code")).isEqualTo(code);
        assertThat(answer.field("error.param")).isEqualTo(param);
    }
}
