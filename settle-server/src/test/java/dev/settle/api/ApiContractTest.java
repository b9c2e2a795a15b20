package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Authentication, tenant isolation, idempotency keys, versions and input errors, over HTTP. */
class ApiContractTest extends ServerTestBase {

    @Test
    void keysAreRequiredAndChecked() {
        assertThat(key).matches("sk_[0-9A-Za-z]{43}");
        TestServer.Answer none = server.get("/v1/accounts", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.field("error.code")).isEqualTo("missing_api_key");
        TestServer.Answer wrong = server.get("/v1/accounts", key.substring(0, key.length() - 1) + "x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.field("error.type")).isEqualTo("authentication_error");
        assertThat(wrong.body()).doesNotContain(key.substring(3, 20));
        assertThat(server.get("/v1/accounts", "Basic abc").status()).isEqualTo(401);
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
    }

    @Test
    void adminApiNeedsTheAdminTokenAndNamesAreUnique() {
        assertThat(server.post("/v1/admin/tenants", key, "{\"name\":\"acme\"}").status()).isEqualTo(401);
        TestServer.Answer created = server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"acme\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("object", "tenant").containsEntry("name", "acme")
                .containsEntry("api_version", "2026-11-01");
        assertThat(server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"acme\"}").field("error.code"))
                .isEqualTo("tenant_name_taken");
        assertThat(server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"Not Valid\"}").status())
                .isEqualTo(400);
        TestServer.Answer list = server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN);
        assertThat(list.data()).extracting(t -> t.get("name")).containsExactly("acme", "default");
        assertThat(list.body()).doesNotContain("sk_");
    }

    @Test
    void replayOfATenantCreationNeverShowsTheKeyAgain() {
        TestServer.Answer first = server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"once\"}",
                "Idempotency-Key", "tenant-once");
        TestServer.Answer replay = server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"once\"}",
                "Idempotency-Key", "tenant-once");
        assertThat(first.field("api_key")).asString().startsWith("sk_");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.field("api_key")).isNull();
        assertThat(replay.field("id")).isEqualTo(first.field("id"));
    }

    @Test
    void aTenantSeesNothingOfAnother() {
        String other = server.newTenant("other");
        String a = server.account(key, "USD", "history");
        String b = server.account(key, "USD");
        String transfer = (String) server.post("/v1/transfers", key, TestServer.transfer(a, b, 5)).field("id");
        for (String path : List.of("/v1/accounts/" + a, "/v1/transfers/" + transfer, "/v1/accounts/" + a + "/transfers",
                "/v1/accounts/" + a + "/balances")) {
            TestServer.Answer answer = server.get(path, other);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.field("error.code")).as(path).isEqualTo("resource_missing");
        }
        assertThat(server.get("/v1/accounts", other).data()).isEmpty();
        assertThat(server.get("/v1/accounts?starting_after=" + a, other).status()).isEqualTo(400);
        TestServer.Answer moveTheirs = server.post("/v1/transfers", other, TestServer.transfer(a, b, 1));
        assertThat(moveTheirs.field("error.code")).isEqualTo("debit_account_not_found");
        TestServer.Answer postTheirs = server.post("/v1/transfers", other,
                "{\"flags\":[\"void_pending_transfer\"],\"pending_id\":\"" + transfer + "\"}");
        assertThat(postTheirs.field("error.code")).isEqualTo("pending_transfer_not_found");
        TestServer.Answer txTheirs = server.post("/v1/transactions", other, "{\"entries\":[{\"account_id\":\"" + a
                + "\",\"direction\":\"debit\",\"amount\":1},{\"account_id\":\"" + b
                + "\",\"direction\":\"credit\",\"amount\":1}]}");
        assertThat(txTheirs.status()).isEqualTo(422);
        // The same ids are free in the other tenant: its objects are its own.
        assertThat(server.post("/v1/accounts", other, "{\"id\":\"" + a + "\",\"currency\":\"EUR\"}").status())
                .isEqualTo(201);
        assertThat(server.get("/v1/accounts/" + a, key).field("currency")).isEqualTo("USD");
        // Idempotency keys are per tenant too.
        server.post("/v1/accounts", key, "{\"currency\":\"USD\"}", "Idempotency-Key", "shared-key");
        TestServer.Answer theirs = server.post("/v1/accounts", other, "{\"currency\":\"GBP\"}", "Idempotency-Key",
                "shared-key");
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void idempotencyKeysReplayRefuseOtherBodiesAndStoreLedgerErrors() {
        String a = server.account(key, "USD", "debits_must_not_exceed_credits");
        String b = server.account(key, "USD");
        String body = TestServer.transfer(b, a, 10);
        TestServer.Answer first = server.post("/v1/transfers", key, body, "Idempotency-Key", "k-1");
        TestServer.Answer replay = server.post("/v1/transfers", key, body, "Idempotency-Key", "k-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(server.get("/v1/accounts/" + a, key).field("credits_posted")).isEqualTo(10L);

        TestServer.Answer reused = server.post("/v1/transfers", key, TestServer.transfer(b, a, 11),
                "Idempotency-Key", "k-1");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.field("error.code")).isEqualTo("idempotency_key_reused");
        assertThat(reused.field("error.type")).isEqualTo("idempotency_error");

        TestServer.Answer refused = server.post("/v1/transfers", key, TestServer.transfer(a, b, 50),
                "Idempotency-Key", "k-2");
        assertThat(refused.status()).isEqualTo(422);
        server.post("/v1/transfers", key, TestServer.transfer(b, a, 100));
        TestServer.Answer refusedAgain = server.post("/v1/transfers", key, TestServer.transfer(a, b, 50),
                "Idempotency-Key", "k-2");
        assertThat(refusedAgain.status()).as("a stored 422 replays even though it would now succeed").isEqualTo(422);
        assertThat(refusedAgain.header("Idempotent-Replayed")).isEqualTo("true");

        TestServer.Answer invalid = server.post("/v1/transfers", key, "{\"amount\":1}", "Idempotency-Key", "k-3");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(server.post("/v1/transfers", key, body, "Idempotency-Key", "k-3").status())
                .as("a 400 stores nothing: the key is free for the corrected request").isEqualTo(201);
        assertThat(server.post("/v1/transfers", key, body, "Idempotency-Key", "x".repeat(256)).field("error.code"))
                .isEqualTo("idempotency_key_invalid");
    }

    @Test
    void storedAnswersSurviveARestart() throws Exception {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        TestServer.Answer first = server.post("/v1/transfers", key, TestServer.transfer(a, b, 3), "Idempotency-Key",
                "durable");
        server = server.restart();
        TestServer.Answer replay = server.post("/v1/transfers", key, TestServer.transfer(a, b, 3), "Idempotency-Key",
                "durable");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void keysExpireAfterADayAndAreSwept() {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        server.post("/v1/transfers", key, TestServer.transfer(a, b, 3), "Idempotency-Key", "day");
        server.clockMillis.addAndGet(24 * 3600 * 1000L - 1);
        assertThat(server.server.idempotencyKeys().sweep()).isZero();
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(a, b, 4), "Idempotency-Key", "day").status())
                .isEqualTo(422);
        server.clockMillis.addAndGet(1);
        assertThat(server.server.idempotencyKeys().sweep()).isEqualTo(1);
        TestServer.Answer fresh = server.post("/v1/transfers", key, TestServer.transfer(a, b, 4), "Idempotency-Key",
                "day");
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.header("Idempotent-Replayed")).isNull();
        assertThat(server.get("/v1/accounts/" + b, key).field("credits_posted")).isEqualTo(7L);
    }

    @Test
    void concurrentRequestsWithOneKeyHaveExactlyOneEffect() throws Exception {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        int requests = 64;
        List<Callable<TestServer.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(() -> server.post("/v1/transfers", key, TestServer.transfer(a, b, 9), "Idempotency-Key", "race"));
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<TestServer.Answer> f : pool.invokeAll(calls)) {
                TestServer.Answer answer = f.get();
                statuses.add(answer.status());
                if (answer.status() == 409) {
                    assertThat(answer.field("error.code")).isEqualTo("idempotency_key_in_use");
                }
            }
        }
        // Which of them overlap the first is up to timing: each is the first, a replay (201) or a 409.
        assertThat(statuses).allMatch(status -> status == 201 || status == 409).contains(201);
        assertThat(server.get("/v1/accounts/" + b, key).field("credits_posted")).isEqualTo(9L);
        assertThat(server.get("/v1/accounts/" + b + "/transfers", key).data()).hasSize(1);
    }

    @Test
    void versionsChangeTheShapeBothWays() {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        String old = TestServer.transfer(a, b, 5).replace("}", ",\"flags\":[\"pending\"],\"timeout\":60}");
        TestServer.Answer created = server.post("/v1/transfers", key, old, "Settle-Version", "2026-06-01");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Settle-Version")).isEqualTo("2026-06-01");
        assertThat(created.json()).containsEntry("timeout", 60L).doesNotContainKey("timeout_seconds");
        TestServer.Answer current = server.get("/v1/transfers/" + created.field("id"), key);
        assertThat(current.json()).containsEntry("timeout_seconds", 60L).doesNotContainKey("timeout");
        assertThat(server.post("/v1/transfers", key, old).field("error.param")).isEqualTo("timeout");
        String renamedInOld = TestServer.transfer(a, b, 5).replace("}", ",\"timeout_seconds\":60}");
        assertThat(server.post("/v1/transfers", key, renamedInOld, "Settle-Version", "2026-06-01").field("error.param"))
                .isEqualTo("timeout_seconds");
        TestServer.Answer unknown = server.get("/v1/accounts", key, "Settle-Version", "2025-01-01");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field("error.code")).isEqualTo("api_version_unknown");
        String pinned = (String) server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN,
                "{\"name\":\"pinned\",\"api_version\":\"2026-06-01\"}").field("api_key");
        String c = server.account(pinned, "USD");
        String d = server.account(pinned, "USD");
        TestServer.Answer pinnedAnswer = server.post("/v1/transfers", pinned, TestServer.transfer(c, d, 5)
                .replace("}", ",\"flags\":[\"pending\"],\"timeout\":30}"));
        assertThat(pinnedAnswer.header("Settle-Version")).as("a tenant's pinned version applies").isEqualTo("2026-06-01");
        assertThat(pinnedAnswer.json()).containsEntry("timeout", 30L);
        assertThat(server.get("/v1/transfers/" + pinnedAnswer.field("id"), pinned, "Settle-Version", "2026-11-01")
                .json()).containsEntry("timeout_seconds", 30L);
        TestServer.Answer batchOld = server.post("/v1/transfers/batch", key, "{\"transfers\":[" + old + "]}",
                "Settle-Version", "2026-06-01");
        assertThat(batchOld.status()).isEqualTo(200);
    }

    @Test
    void badInputIsAClear4xxWithTheParameter() {
        record Case(String body, int status, String code, String param) {}
        String id = server.account(key, "USD");
        List<Case> cases = List.of(
                new Case("{\"currency\":\"USD\",\"colour\":\"red\"}", 400, "parameter_unknown", "colour"),
                new Case("{\"currency\":5}", 400, "parameter_invalid", "currency"),
                new Case("{\"currency\":\"usd\"}", 400, "parameter_invalid", "currency"),
                new Case("{}", 400, "parameter_missing", "currency"),
                new Case("{\"currency\":\"USD\",\"code\":70000}", 400, "parameter_invalid", "code"),
                new Case("{\"currency\":\"USD\",\"flags\":[\"closed\"]}", 400, "parameter_invalid", "flags[0]"),
                new Case("{\"currency\":\"USD\",\"id\":\"" + id.substring(1) + "\"}", 400, "parameter_invalid", "id"),
                new Case("{\"currency\":\"USD\",\"id\":\"00000000-0000-0000-0000-000000000000\"}", 400,
                        "parameter_invalid", "id"),
                new Case("{\"currency\":\"USD\",\"metadata\":{\"a\":1}}", 400, "parameter_invalid", "metadata.a"),
                new Case("{\"currency\":\"USD\",\"metadata\":[]}", 400, "parameter_invalid", "metadata"),
                new Case("{\"currency\":\"USD\",\"currency\":\"EUR\"}", 400, "invalid_json", null),
                new Case("{\"currency\":\"USD\"", 400, "invalid_json", null),
                new Case("[1,2]", 400, "invalid_json", null),
                new Case("", 400, "invalid_json", null),
                new Case("{\"currency\":\"USD\"} {}", 400, "invalid_json", null),
                new Case("[".repeat(100), 400, "invalid_json", null));
        for (Case c : cases) {
            TestServer.Answer answer = server.post("/v1/accounts", key, c.body());
            assertThat(answer.status()).as(c.body()).isEqualTo(c.status());
            assertThat(answer.field("error.code")).as(c.body()).isEqualTo(c.code());
            assertThat(answer.field("error.param")).as(c.body()).isEqualTo(c.param());
            assertThat(answer.field("error.request_id")).isEqualTo(answer.header("Request-Id"));
        }
        byte[] badUtf8 = "{\"currency\":\"US\u0001\"}".getBytes(StandardCharsets.UTF_8);
        badUtf8[badUtf8.length - 3] = (byte) 0xC3;
        assertThat(server.send("POST", "/v1/accounts", key, badUtf8).field("error.code")).isEqualTo("invalid_json");
        assertThat(server.post("/v1/accounts", key, "{}", "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(server.post("/v1/accounts", key, "{\"currency\":\"" + "A".repeat(70_000) + "\"}").status())
                .isEqualTo(413);
        TestServer.Answer route = server.get("/v1/nothing", key);
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.field("error.code")).isEqualTo("route_not_found");
        TestServer.Answer method = server.call("DELETE", "/v1/accounts", key, null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.header("Allow")).contains("POST", "GET");
        assertThat(server.get("/v1/accounts", key).status()).as("nothing above was applied").isEqualTo(200);
        assertThat(server.get("/v1/accounts", key).data()).hasSize(1);
    }
}
