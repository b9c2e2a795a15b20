package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.store.LedgerStore;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotency key's stored answer and its effect are one atomic write: a server killed with
 * SIGKILL in the middle of keyed requests comes back with, for every request sent, either both
 * (the transfer exists and the key replays) or neither (no transfer, the key is free) — and every
 * acknowledged request has both.
 */
class IdempotencyCrashTest {
    static final int KILLS = 3;
    static final int SENDERS = 16;
    static final int KILL_AFTER_ACKS_MAX = 400;

    @TempDir
    Path data;
    @TempDir
    Path logs;

    private final LoopbackHttp http = new LoopbackHttp();

    @Test
    void aKilledServerKeepsEveryKeyWithItsEffectAndNoneWithout() throws Exception {
        Random random = new Random();
        ChildServer first = ChildServer.start(data, logs);
        String key = first.key();
        String a = create(first.port(), key, "{\"currency\":\"USD\"}");
        String b = create(first.port(), key, "{\"currency\":\"USD\"}");
        ChildServer child = first;
        int sent = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger(sent);
            AtomicInteger acks = new AtomicInteger();
            int killAt = 50 + random.nextInt(KILL_AFTER_ACKS_MAX);
            CountDownLatch killTime = new CountDownLatch(killAt);
            int port = child.port();
            try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
                for (int s = 0; s < SENDERS; s++) {
                    senders.submit(() -> {
                        while (acks.get() < killAt * 2) {
                            int i = next.getAndIncrement();
                            try {
                                int status = post(port, key, "/v1/transfers", body(i, a, b), "key-" + i).statusCode();
                                answers.put(i, status);
                                acks.incrementAndGet();
                                killTime.countDown();
                            } catch (Exception killed) {
                                return;
                            }
                        }
                    });
                }
                assertThat(killTime.await(60, TimeUnit.SECONDS)).as("%d requests answered", killAt).isTrue();
                child.process().destroyForcibly(); // SIGKILL with requests in flight
                child.process().waitFor(30, TimeUnit.SECONDS);
            }
            sent = next.get();
            child = ChildServer.start(data, logs);
            int both = 0;
            for (int i = 0; i < sent; i++) {
                boolean exists = get(child.port(), key, "/v1/transfers/" + id(i)).statusCode() == 200;
                HttpResponse<String> again = post(child.port(), key, "/v1/transfers", body(i, a, b), "key-" + i);
                boolean replayed = again.headers().firstValue("Idempotent-Replayed").isPresent();
                assertThat(replayed).as("request %d (kill %d): key stored ⇔ transfer exists", i, kill).isEqualTo(exists);
                if (answers.get(i) != null) {
                    assertThat(exists).as("acknowledged request %d survives", i).isTrue();
                    assertThat(again.statusCode()).isEqualTo(answers.get(i));
                }
                both += exists ? 1 : 0;
            }
            System.out.printf("kill %d: %d requests sent, %d acknowledged, %d with key and effect%n", kill, sent,
                    answers.size(), both);
        }
        child.process().destroyForcibly();
        child.process().waitFor(30, TimeUnit.SECONDS);
        try (LedgerStore store = LedgerStore.openReadOnly(data)) {
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
        }
    }

    private static String id(int i) {
        return String.format("0193a000-0000-7000-8000-%012x", i + 1);
    }

    private static String body(int i, String a, String b) {
        return "{\"id\":\"" + id(i) + "\",\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b
                + "\",\"amount\":" + (i + 1) + "}";
    }

    private String create(int port, String key, String body) throws Exception {
        HttpResponse<String> created = post(port, key, "/v1/accounts", body, null);
        assertThat(created.statusCode()).isEqualTo(201);
        String text = created.body();
        int at = text.indexOf("\"id\":\"") + 6;
        return text.substring(at, text.indexOf('"', at));
    }

    private HttpResponse<String> post(int port, String key, String path, String body, String idempotencyKey)
            throws Exception {
        return idempotencyKey == null ? http.post(port, key, path, body)
                : http.post(port, key, path, body, "Idempotency-Key", idempotencyKey);
    }

    private HttpResponse<String> get(int port, String key, String path) throws Exception {
        return http.get(port, key, path);
    }
}
