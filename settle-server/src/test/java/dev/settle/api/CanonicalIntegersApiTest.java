package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the API expects an unsigned integer, only its canonical spelling is taken: a single
 * transfer, a streamed batch and a query parameter refuse -0, leading zeros and a plus sign with
 * 400 parameter_invalid naming the parameter, and apply nothing.
 */
class CanonicalIntegersApiTest {
    @TempDir
    static Path data;
    private static TestServer server;
    private static String debit;
    private static String credit;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
        debit = server.account(server.defaultKey, "EUR");
        credit = server.account(server.defaultKey, "EUR");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String transferWithAmount(String amountJson) {
        return "{\"debit_account_id\":\"" + debit + "\",\"credit_account_id\":\"" + credit + "\",\"amount\":"
                + amountJson + "}";
    }

    private static void assertInvalid(TestServer.Answer answer, String param) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.field("error.code")).isEqualTo("parameter_invalid");
        assertThat(answer.field("error.param")).isEqualTo(param);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "\"-0\"", "\"00005\"", "\"05\"", "\"+5\"", "\"00\""})
    void aTransferWithANonCanonicalAmountIsRefused(String amount) {
        assertInvalid(server.post("/v1/transfers", server.defaultKey, transferWithAmount(amount)), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "\"-0\"", "\"00005\"", "\"+5\""})
    void aBatchItemWithANonCanonicalAmountIsRefusedNamingTheItem(String amount) {
        String payer = server.account(server.defaultKey, "EUR");
        String valid = TestServer.transfer(payer, credit, 5);
        String invalid = valid.replace("\"amount\":5", "\"amount\":" + amount);
        String body = "{\"transfers\":[" + valid + "," + invalid + "]}";
        assertInvalid(server.post("/v1/transfers/batch", server.defaultKey, body), "transfers[1].amount");
        assertThat(server.get("/v1/accounts/" + payer + "/transfers", server.defaultKey).data()).isEmpty();
    }

    @Test
    void otherIntegerFieldsRefuseMinusZero() {
        assertInvalid(server.post("/v1/accounts", server.defaultKey, "{\"currency\":\"EUR\",\"code\":-0}"), "code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"05", "%2B5", "-0", "007", "0"})
    void aNonCanonicalLimitIsRefused(String limit) {
        assertInvalid(server.get("/v1/accounts?limit=" + limit, server.defaultKey), "limit");
    }

    @Test
    void canonicalSpellingsAreTaken() {
        assertThat(server.post("/v1/transfers", server.defaultKey, transferWithAmount("\"0\"")).status()).isIn(201, 422);
        assertThat(server.get("/v1/accounts?limit=5", server.defaultKey).status()).isEqualTo(200);
        String batch = "{\"transfers\":[" + transferWithAmount("\"7\"") + "]}";
        assertThat(server.post("/v1/transfers/batch", server.defaultKey, batch).status()).isEqualTo(200);
    }
}
