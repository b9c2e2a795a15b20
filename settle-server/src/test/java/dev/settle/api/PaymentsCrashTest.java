package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.json.JsonReader;
import dev.settle.cluster.LocalCluster;
import dev.settle.payments.PaymentReads;
import dev.settle.payments.ProcessorAgreement;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import dev.settle.payments.PaymentLedger;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
 * Settle killed with SIGKILL while payments are being confirmed and captured at a processor that
 * charges (20 ms per call): after each restart every request is retried with its idempotency key;
 * at the end, once recovery has settled what the kills left open, nothing was charged twice,
 * every acknowledged answer replays the same, and the books match the processor.
 */
class PaymentsCrashTest {
    static final int KILLS = 3;
    static final int SENDERS = 8;
    static final int KILL_AFTER_ACKS_MAX = 120;
    static final int LEDGER_OF_DEFAULT_TENANT = 1;
    static final int SETTLE_ROUNDS_MAX = 3;
    static final java.time.Duration SETTLE_WAIT_MAX = java.time.Duration.ofSeconds(60);

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    private final LoopbackHttp http = new LoopbackHttp();

    @Test
    void aKilledServerChargesNothingTwiceAndItsBooksMatchTheProcessor() throws Exception {
        Random random = new Random();
        Path data = dir.resolve("settle");
        try (ProcessorSimulator processor = ProcessorSimulator.start(SimulatorConfig.defaults(dir.resolve("processor"))
                .withLatencyMillis(20))) {
            List<String> jvm = List.of("-D" + ServerMain.PROCESSOR_PROPERTY + "=" + processor.baseUri());
            ChildServer child = ChildServer.start(data, logs, jvm);
            String key = child.key();
            Map<Integer, String> answers = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            for (int kill = 0; kill < KILLS; kill++) {
                int port = child.port();
                AtomicInteger acks = new AtomicInteger();
                int killAt = 30 + random.nextInt(KILL_AFTER_ACKS_MAX);
                CountDownLatch killTime = new CountDownLatch(killAt);
                try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
                    for (int s = 0; s < SENDERS; s++) {
                        senders.submit(() -> {
                            while (acks.get() < killAt * 2) {
                                int i = next.getAndIncrement();
                                try {
                                    answers.put(i, pay(port, key, i));
                                    acks.incrementAndGet();
                                    killTime.countDown();
                                } catch (Exception killed) {
                                    return;
                                }
                            }
                        });
                    }
                    assertThat(killTime.await(120, TimeUnit.SECONDS)).as("%d payments answered", killAt).isTrue();
                    child.process().destroyForcibly(); // SIGKILL with calls to the processor in flight
                    child.process().waitFor(30, TimeUnit.SECONDS);
                }
                child = ChildServer.start(data, logs, jvm);
                // Every payment sent so far, again with its keys: acknowledged ones answer the same.
                for (int i = 0; i < next.get(); i++) {
                    String again = pay(child.port(), key, i);
                    if (answers.get(i) != null) {
                        assertThat(again).as("payment %d after kill %d", i, kill).isEqualTo(answers.get(i));
                    }
                }
                System.out.printf("kill %d: %d payments sent, %d acknowledged before a kill%n", kill, next.get(),
                        answers.size());
            }
            int captured = settledBooks(data, logs, jvm, child, processor);
            assertThat(captured).as("payments captured").isPositive();
        }
    }

    /** Waits for recovery to settle every open step, then checks the books; returns how many captured. */
    private int settledBooks(Path data, Path logs, List<String> jvm, ChildServer child, ProcessorSimulator processor)
            throws Exception {
        for (int round = 0; round < SETTLE_ROUNDS_MAX; round++) {
            int port = child.port();
            LocalCluster.await(SETTLE_WAIT_MAX, () -> stepsOpen(port) == 0);
            child.process().destroyForcibly();
            child.process().waitFor(30, TimeUnit.SECONDS);
            try (LedgerStore store = LedgerStore.openReadOnly(data)) {
                PaymentReads reads = new PaymentReads(store);
                if (!ProcessorAgreement.open(reads, LEDGER_OF_DEFAULT_TENANT)) {
                    VerifyReport report = StoreVerifier.verify(store);
                    assertThat(report.passed()).as(report.render()).isTrue();
                    return ProcessorAgreement.check(ProcessorAgreement.intents(reads, LEDGER_OF_DEFAULT_TENANT),
                            ProcessorAgreement.refunds(reads, LEDGER_OF_DEFAULT_TENANT),
                            (role, currency) -> StoreReader.account(store, LEDGER_OF_DEFAULT_TENANT,
                                    PaymentLedger.account(role, currency)), processor.baseUri());
                }
            }
            child = ChildServer.start(data, logs, jvm);
        }
        throw new AssertionError("steps still open after " + SETTLE_ROUNDS_MAX + " rounds of recovery");
    }

    /** The server's count of steps at the processor whose outcome is not written yet. */
    private double stepsOpen(int port) {
        try {
            return MetricsScrape.parse(http.get(port, null, "/metrics").body()).value("settle_payments_steps_open", "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Payment {@code i}: created and confirmed (automatic capture when even), then captured when
     * manual; each with its own idempotency key. Returns the final answer's status and intent status.
     */
    private String pay(int port, String key, int i) throws Exception {
        boolean manual = i % 2 == 1;
        String body = "amount=" + (1000 + i) + "&currency=usd&confirm=true&payment_method="
                + (i % 7 == 0 ? "pm_card_chargeDeclined" : "pm_card_visa")
                + (manual ? "&capture_method=manual" : "");
        HttpResponse<String> created = http.post(port, key, "/v1/payment_intents", body,
                "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "pay-" + i);
        Map<String, Object> intent = intentOf(created);
        if (!manual || created.statusCode() != 200 || !"requires_capture".equals(intent.get("status"))) {
            return created.statusCode() + " " + intent.get("status");
        }
        HttpResponse<String> captured = http.post(port, key, "/v1/payment_intents/" + intent.get("id") + "/capture",
                "", "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "capture-" + i);
        return captured.statusCode() + " " + intentOf(captured).get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> intentOf(HttpResponse<String> answer) {
        Map<String, Object> body = (Map<String, Object>) JsonReader.parse(answer.body().getBytes(StandardCharsets.UTF_8));
        if (body.get("error") instanceof Map<?, ?> error) {
            Object intent = error.get("payment_intent");
            return intent == null ? Map.of("status", error.get("code")) : (Map<String, Object>) intent;
        }
        return body;
    }
}
