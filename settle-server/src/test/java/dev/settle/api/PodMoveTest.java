package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.server.SettleServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenants in pods: assignment stored, moves under load lose and double nothing. */
class PodMoveTest {
    private static final int WRITERS = 8;
    private static final int MOVES = 6;
    private static final int TRANSFERS_BETWEEN_MOVES = 50;

    @TempDir
    Path data;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String tenantId(String name) {
        return (String) server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN).data().stream()
                .filter(t -> t.get("name").equals(name)).findFirst().orElseThrow().get("id");
    }

    private TestServer.Answer move(String tenantId, int pod) {
        return server.post("/v1/admin/tenants/" + tenantId + "/move", TestServer.ADMIN_TOKEN, "{\"pod\":" + pod + "}");
    }

    @Test
    void newTenantsSpreadOverThePodsAndThePodsListShowsThem() throws Exception {
        server = TestServer.start(data, c -> c.pods(3));
        for (String name : List.of("a", "b")) {
            server.post("/v1/admin/tenants", TestServer.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        }
        List<Long> pods = server.get("/v1/admin/tenants", TestServer.ADMIN_TOKEN).data().stream()
                .map(t -> (Long) t.get("pod")).sorted().toList();
        assertThat(pods).containsExactly(0L, 1L, 2L);
        TestServer.Answer list = server.get("/v1/admin/pods", TestServer.ADMIN_TOKEN);
        assertThat(list.data()).extracting(p -> p.get("tenants")).containsExactly(1L, 1L, 1L);
        assertThat(list.data()).extracting(p -> p.get("status")).containsOnly("available");
    }

    @Test
    void aTenantMovesBackAndForthUnderLoadWithoutLosingOrDoublingATransfer() throws Exception {
        server = TestServer.start(data, c -> c.pods(2));
        String key = server.defaultKey;
        String id = tenantId("default");
        String debit = server.account(key, "USD");
        String credit = server.account(key, "USD");
        AtomicBoolean moving = new AtomicBoolean(true);
        Semaphore acknowledgements = new Semaphore(0);
        List<Future<long[]>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    long acknowledged = 0;
                    long amount = 0;
                    while (moving.get()) {
                        long value = 1 + (acknowledged % 5);
                        String transferId = UUID.randomUUID().toString();
                        TestServer.Answer answer = server.post("/v1/transfers", key,
                                TestServer.transfer(debit, credit, value).replace("{", "{\"id\":\"" + transferId + "\","),
                                "Idempotency-Key", transferId);
                        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                        acknowledged++;
                        amount += value;
                        acknowledgements.release();
                    }
                    return new long[] {acknowledged, amount};
                }));
            }
            for (int m = 0; m < MOVES; m++) {
                // Each move happens under load: the writers acknowledged more transfers since the last.
                assertThat(acknowledgements.tryAcquire(TRANSFERS_BETWEEN_MOVES, 30, TimeUnit.SECONDS)).isTrue();
                TestServer.Answer moved = move(id, (m + 1) % 2);
                assertThat(moved.status()).as(moved.body()).isEqualTo(200);
                assertThat(moved.field("pod")).isEqualTo((long) ((m + 1) % 2));
            }
            moving.set(false);
        }
        long transfers = 0;
        long amount = 0;
        for (Future<long[]> writer : writers) {
            transfers += writer.get()[0];
            amount += writer.get()[1];
        }
        assertThat(transfers).isPositive();
        assertThat(server.get("/v1/accounts/" + credit, key).json()).containsEntry("credits_posted", amount);
        assertThat(move(id, 0).field("pod")).as("a move to where it is changes nothing").isEqualTo(0L);

        server = server.restart();
        assertThat(server.get("/v1/admin/tenants/" + id, TestServer.ADMIN_TOKEN).field("pod")).isEqualTo(0L);
        assertThat(server.get("/v1/accounts/" + credit, key).json()).containsEntry("credits_posted", amount);
        assertThat(server.get("/v1/accounts/" + debit, key).json()).containsEntry("debits_posted", amount);
    }

    @Test
    void aMovedTenantStaysInItsPodAfterARestartAndTooFewPodsRefuseToStart() throws Exception {
        server = TestServer.start(data, c -> c.pods(2));
        String key = server.defaultKey;
        String account = server.account(key, "USD");
        assertThat(move(tenantId("default"), 1).status()).isEqualTo(200);

        server = server.restart();
        assertThat(server.get("/v1/accounts/" + account, key).status()).isEqualTo(200);
        assertThat(server.server.pods().pod(1).hasLedger(1)).isTrue();
        server.close();
        server = null;

        assertThatThrownBy(() -> TestServer.start(data, c -> c.pods(1)))
                .isInstanceOf(SettleServer.ConfigurationException.class)
                .hasMessageContaining("tenant default lives in pod 1")
                .hasMessageContaining("--pods 2");
    }

    @Test
    void aMoveToAPodThatDoesNotExistIsRefused() throws Exception {
        server = TestServer.start(data, c -> c.pods(2));
        TestServer.Answer refused = move(tenantId("default"), 2);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("error.param")).isEqualTo("pod");
        assertThat(server.post("/v1/admin/tenants/" + UUID.randomUUID() + "/move", TestServer.ADMIN_TOKEN,
                "{\"pod\":1}").status()).isEqualTo(404);
    }
}
