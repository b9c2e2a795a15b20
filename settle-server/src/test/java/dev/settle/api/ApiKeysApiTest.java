package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Keys and tenants revoked over real HTTP: extra keys, rolling with a grace period (the test
 * clock moves), revocation and deactivation in force from the answer on, all of it surviving a
 * restart and written to the tenant's event log.
 */
class ApiKeysApiTest extends ServerTestBase {
    private static final String ADMIN = TestServer.ADMIN_TOKEN;

    private String tenantId(String name) {
        return (String) server.get("/v1/admin/tenants", ADMIN).data().stream()
                .filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow().get("id");
    }

    private String keysPath(String tenantId) {
        return "/v1/admin/tenants/" + tenantId + "/api_keys";
    }

    /** A bare POST: no body, no Content-Type, as {@code curl -X POST} sends it. */
    private TestServer.Answer bare(String path) {
        return server.send("POST", path, ADMIN, null);
    }

    private int status(String tenantKey) {
        return server.get("/v1/accounts", tenantKey).status();
    }

    private Object code(String tenantKey) {
        return server.get("/v1/accounts", tenantKey).field("error.code");
    }

    private List<Map<String, Object>> keys(String tenantId) {
        return server.get(keysPath(tenantId), ADMIN).data();
    }

    private List<Object> eventTypes(String tenantKey) {
        return server.get("/v1/events?limit=100", tenantKey).data().stream().map(e -> e.get("type")).toList();
    }

    @Test
    void anExtraKeyWorksBesideTheFirstAndTheListShowsNoSecret() {
        String first = server.newTenant("acme");
        String id = tenantId("acme");
        TestServer.Answer created = bare(keysPath(id));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String second = (String) created.field("secret");
        assertThat(second).startsWith("sk_").isNotEqualTo(first);
        assertThat((String) created.field("id")).startsWith("key_");
        assertThat(created.field("last4")).isEqualTo(second.substring(second.length() - 4));
        assertThat(created.field("status")).isEqualTo("active");
        assertThat(created.field("expires_at")).isNull();

        assertThat(status(first)).isEqualTo(200);
        assertThat(status(second)).isEqualTo(200);
        TestServer.Answer list = server.get(keysPath(id), ADMIN);
        assertThat(list.data()).hasSize(2);
        assertThat(list.data().get(0).get("id")).as("newest first").isEqualTo(created.field("id"));
        assertThat(list.body()).doesNotContain(first).doesNotContain(second).doesNotContain("secret");
    }

    @Test
    void aRolledKeyWorksUntilItsExpiryThenAnswers401AndItsSuccessorWorks() {
        String old = server.newTenant("acme");
        String id = tenantId("acme");
        String oldKeyId = (String) keys(id).get(0).get("id");
        TestServer.Answer rolled = server.post(keysPath(id) + "/" + oldKeyId + "/roll", ADMIN,
                "{\"expires_in_seconds\": 3600}");
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(201);
        String successor = (String) rolled.field("secret");

        assertThat(status(old)).as("within the grace period").isEqualTo(200);
        assertThat(status(successor)).isEqualTo(200);
        Map<String, Object> oldView = keys(id).stream().filter(k -> oldKeyId.equals(k.get("id"))).findFirst()
                .orElseThrow();
        assertThat(oldView.get("status")).isEqualTo("active");
        assertThat(oldView.get("expires_at")).isEqualTo(
                java.time.Instant.ofEpochMilli(TestServer.START_MILLIS + 3_600_000).toString());

        server.clockMillis.addAndGet(3_600_000);
        assertThat(status(old)).as("at its expiry").isEqualTo(401);
        assertThat(code(old)).isEqualTo("api_key_expired");
        assertThat(status(successor)).isEqualTo(200);
        assertThat(server.post(keysPath(id) + "/" + oldKeyId + "/roll", ADMIN, "{}").field("error.code"))
                .as("an expired key cannot be rolled").isEqualTo("api_key_inactive");
        assertThat(eventTypes(successor)).contains("api_key.created", "api_key.rolled");
    }

    @Test
    void rollingWithZeroSecondsExpiresTheOldKeyAtOnceAndTheGraceIsBounded() {
        String old = server.newTenant("acme");
        String id = tenantId("acme");
        String oldKeyId = (String) keys(id).get(0).get("id");
        assertThat(server.post(keysPath(id) + "/" + oldKeyId + "/roll", ADMIN, "{\"expires_in_seconds\": 604801}")
                .field("error.param")).isEqualTo("expires_in_seconds");
        TestServer.Answer rolled = bare(keysPath(id) + "/" + oldKeyId + "/roll");
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(201);
        assertThat(code(old)).isEqualTo("api_key_expired");
        assertThat(status((String) rolled.field("secret"))).isEqualTo(200);
    }

    @Test
    void aRevokedKeyAnswers401AtOnceAndStaysRevokedAfterARestart() throws Exception {
        String first = server.newTenant("acme");
        String id = tenantId("acme");
        String second = (String) bare(keysPath(id)).field("secret");
        String firstKeyId = (String) keys(id).get(1).get("id");

        TestServer.Answer revoked = bare(keysPath(id) + "/" + firstKeyId + "/revoke");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.field("status")).isEqualTo("revoked");
        assertThat(revoked.field("revoked_at")).isNotNull();
        assertThat(status(first)).isEqualTo(401);
        assertThat(code(first)).isEqualTo("api_key_revoked");
        assertThat(status(second)).isEqualTo(200);
        assertThat(bare(keysPath(id) + "/" + firstKeyId + "/revoke").status()).as("again: the same").isEqualTo(200);
        assertThat(eventTypes(second).stream().filter("api_key.revoked"::equals)).as("one event").hasSize(1);

        server = server.restart();
        assertThat(code(first)).as("after a restart").isEqualTo("api_key_revoked");
        assertThat(status(second)).isEqualTo(200);
        assertThat(keys(id)).extracting(k -> k.get("status")).containsExactly("active", "revoked");
    }

    @Test
    void aDeactivatedTenantsKeysAnswer401UntilItIsReactivated() throws Exception {
        String key = server.newTenant("acme");
        String id = tenantId("acme");
        TestServer.Answer deactivated = bare("/v1/admin/tenants/" + id + "/deactivate");
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(deactivated.field("status")).isEqualTo("deactivated");
        assertThat(status(key)).isEqualTo(401);
        assertThat(code(key)).isEqualTo("tenant_deactivated");
        assertThat(status(server.defaultKey)).as("other tenants are not affected").isEqualTo(200);

        server = server.restart();
        assertThat(code(key)).as("after a restart").isEqualTo("tenant_deactivated");
        assertThat(server.get("/v1/admin/tenants/" + id, ADMIN).field("status")).isEqualTo("deactivated");

        TestServer.Answer reactivated = server.post("/v1/admin/tenants/" + id + "/reactivate", ADMIN, "{}");
        assertThat(reactivated.field("status")).isEqualTo("active");
        assertThat(status(key)).isEqualTo(200);
        TestServer.Answer events = server.get("/v1/events?limit=100", key);
        List<Object> types = events.data().stream().map(e -> e.get("type")).toList();
        assertThat(types).containsSubsequence("tenant.reactivated", "tenant.deactivated");
        Map<?, ?> object = (Map<?, ?>) ((Map<?, ?>) events.data().get(0).get("data")).get("object");
        assertThat(object.get("object")).isEqualTo("tenant");
        assertThat(object.get("id")).isEqualTo(id);
    }

    @Test
    void keyEventsComeAfterTheLedgerEventsAndNameTheKey() {
        String key = server.newTenant("acme");
        String id = tenantId("acme");
        server.account(key, "USD");
        TestServer.Answer created = bare(keysPath(id));
        TestServer.Answer events = server.get("/v1/events?limit=100", key);
        assertThat(events.data()).extracting(e -> e.get("type")).containsExactly("api_key.created", "account.created");
        Map<?, ?> object = (Map<?, ?>) ((Map<?, ?>) events.data().get(0).get("data")).get("object");
        assertThat(object.get("id")).isEqualTo(created.field("id"));
        assertThat(object.containsKey("secret")).isFalse();
        assertThat(server.get("/v1/events?type=api_key.*", key).data()).hasSize(1);
    }

    @Test
    void aReplayOfACreationAnswersTheKeyWithoutItsSecret() {
        server.newTenant("acme");
        String id = tenantId("acme");
        TestServer.Answer first = server.send("POST", keysPath(id), ADMIN, null, "Idempotency-Key", "k-1");
        TestServer.Answer replay = server.send("POST", keysPath(id), ADMIN, null, "Idempotency-Key", "k-1");
        assertThat(first.field("secret")).isNotNull();
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.field("id")).isEqualTo(first.field("id"));
        assertThat(replay.field("secret")).isNull();
        assertThat(keys(id)).hasSize(2);
    }

    @Test
    void unknownTenantsAndKeysAnswer404AndBodiesAreChecked() {
        server.newTenant("acme");
        String id = tenantId("acme");
        assertThat(bare(keysPath(UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(bare(keysPath(id) + "/key_00000000000000000000000000000000/revoke").field("error.param"))
                .isEqualTo("key_id");
        assertThat(bare(keysPath(id) + "/not-a-key/revoke").status()).isEqualTo(404);
        assertThat(server.post(keysPath(id), ADMIN, "{\"name\":\"x\"}").status()).isEqualTo(400);
        assertThat(server.send("POST", keysPath(id), ADMIN, "x".getBytes(), "Content-Type", "text/plain").status())
                .as("a body still needs its type").isEqualTo(415);
        assertThat(server.get(keysPath(id), server.defaultKey).status()).as("a tenant key is no admin token")
                .isEqualTo(401);
    }
}
