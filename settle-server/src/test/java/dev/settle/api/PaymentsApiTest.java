package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.cluster.LocalCluster;
import dev.settle.payments.PaymentLedger;
import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payments API over HTTP (answers checked against docs/openapi.yaml): JSON and form bodies,
 * idempotent retries, refusals that change nothing, events that show the intent as each step
 * left it, the money on the ledger, a lost answer settled by the processor's record, an
 * authorization voided when it expires, and a server without a processor.
 */
class PaymentsApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Duration EXPIRY = Duration.ofHours(1);

    @TempDir
    Path dir;
    private ProcessorSimulator processor;
    private TestServer server;
    private String key;

    @BeforeEach
    void start() throws Exception {
        processor = ProcessorSimulator.start(SimulatorConfig.defaults(dir.resolve("processor")).withSlowMillis(50));
        server = TestServer.start(dir.resolve("settle"), config -> config.payments(PaymentsConfig.defaults()
                .withProcessor(ProcessorConfig.defaults(processor.baseUri())).withAuthorizationExpiry(EXPIRY)
                .withRecovery(Duration.ofMillis(50), Duration.ofSeconds(30))));
        key = server.defaultKey;
    }

    @AfterEach
    void stop() {
        server.close();
        processor.close();
    }

    @Test
    void jsonAndFormBodiesMakeTheSameIntent() {
        TestServer.Answer json = server.post("/v1/payment_intents", key,
                "{\"amount\":1500,\"currency\":\"usd\",\"metadata\":{\"order\":\"A-17\"},\"description\":\"mug\"}");
        TestServer.Answer form = server.post("/v1/payment_intents", key,
                "amount=1500&currency=usd&metadata%5Border%5D=A-17&description=mug&expand%5B%5D=latest_charge",
                "Content-Type", FORM);
        for (TestServer.Answer a : List.of(json, form)) {
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.field("status")).isEqualTo("requires_payment_method");
            assertThat(a.field("amount")).isEqualTo(1500L);
            assertThat(a.field("metadata")).isEqualTo(Map.of("order", "A-17"));
            assertThat(a.field("description")).isEqualTo("mug");
        }
        TestServer.Answer wrongType = server.post("/v1/payment_intents", key, "amount=15&currency=usd",
                "Content-Type", "text/plain");
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void aRetriedPaymentAnswersTheSameAndChargesOnce() {
        String body = "{\"amount\":2500,\"currency\":\"eur\",\"payment_method\":\"pm_card_visa\",\"confirm\":true}";
        TestServer.Answer first = server.post("/v1/payment_intents", key, body, "Idempotency-Key", "order-1");
        TestServer.Answer again = server.post("/v1/payment_intents", key, body, "Idempotency-Key", "order-1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.field("status")).isEqualTo("succeeded");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(server.get("/v1/payment_intents", key).data()).hasSize(1);

        // The money: captured into sales, the fee out of the receivable.
        Map<String, Object> sales = server.get("/v1/accounts/" + account(PaymentLedger.Role.SALES, "eur"), key).json();
        assertThat(sales.get("credits_posted")).isEqualTo(2500L);
        Map<String, Object> fees = server.get("/v1/accounts/" + account(PaymentLedger.Role.PROCESSOR_FEES, "eur"),
                key).json();
        assertThat((Long) fees.get("debits_posted")).isPositive();
    }

    @Test
    void theProcessorsSettlementReportReconcilesWithThePayments() throws Exception {
        // Today's report is dated by the processor's clock: the ledger's must be the same.
        server = server.restart(config -> config.clockMillis(System::currentTimeMillis).payments(
                PaymentsConfig.defaults().withProcessor(ProcessorConfig.defaults(processor.baseUri()))));
        String intent = (String) server.post("/v1/payment_intents", key, "{\"amount\":2500,\"currency\":\"eur\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true}").field("id");
        assertThat(server.post("/v1/refunds", key, "{\"payment_intent\":\"" + intent + "\",\"amount\":500}")
                .field("status")).isEqualTo("succeeded");
        assertThat(server.post("/v1/reconciliation/rules", key, "{\"type\":\"reference\",\"metadata_key\":"
                + "\"charge\"}").status()).isEqualTo(201);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        byte[] report = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(processor.baseUri() + "/v1/settlement_reports/" + today)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        TestServer.Answer imported = server.send("POST", "/v1/reconciliation/statements?format=settlement_report"
                + "&account_id=" + account(PaymentLedger.Role.PROCESSOR_RECEIVABLE, "eur"), key, report,
                "Content-Type", "text/csv");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        // The charge (with its fee leg) and the refund match; the payout has no transfer on the ledger.
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) imported.json().get("run");
        assertThat(run).as(new String(report, java.nio.charset.StandardCharsets.UTF_8))
                .containsEntry("lines", 3L).containsEntry("matched", 2L).containsEntry("unmatched", 1L)
                .containsEntry("transfers_missing", 0L);
    }

    @Test
    void refusalsAreStripesErrorsAndChangeNothing() {
        int events = server.get("/v1/events?limit=100", key).data().size();
        assertError(server.post("/v1/payment_intents", key,
                "{\"amount\":100,\"currency\":\"usd\",\"payment_method\":\"pm_card_unknown\"}"), 400,
                "resource_missing", "payment_method");
        assertError(server.post("/v1/payment_intents", key, "{\"amount\":100,\"currency\":\"xyz\"}"), 400,
                "parameter_invalid", "currency");
        assertError(server.post("/v1/payment_intents", key, "{\"amount\":0,\"currency\":\"usd\"}"), 400,
                "parameter_invalid", "amount");
        assertError(server.post("/v1/payment_intents", key, "{\"amount\":100,\"currency\":\"usd\",\"color\":\"red\"}"),
                400, "parameter_unknown", "color");
        assertError(server.post("/v1/payment_intents", key, "amount=100&currency=usd&metadata[a]=1&metadata[a]=2",
                "Content-Type", FORM), 400, "parameter_invalid", "metadata[a]");
        assertError(server.post("/v1/refunds", key, "{\"payment_intent\":\"pi_nope\"}"), 404, "resource_missing",
                "payment_intent");
        assertThat(server.get("/v1/events?limit=100", key).data()).hasSize(events);

        String authorized = (String) server.post("/v1/payment_intents", key, "{\"amount\":800,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true,\"capture_method\":\"manual\"}").field("id");
        int afterAuthorization = server.get("/v1/events?limit=100", key).data().size();
        assertError(server.post("/v1/payment_intents/" + authorized + "/capture", key, "{\"amount_to_capture\":801}"),
                400, "amount_too_large", "amount_to_capture");
        assertError(server.post("/v1/refunds", key, "{\"payment_intent\":\"" + authorized + "\"}"), 400,
                "payment_intent_unexpected_state", null);
        assertThat(server.post("/v1/payment_intents/" + authorized + "/capture", key, "{}").field("status"))
                .isEqualTo("succeeded");
        assertError(server.post("/v1/refunds", key, "{\"payment_intent\":\"" + authorized + "\",\"amount\":801}"),
                400, "amount_too_large", "amount");
        // Only the capture wrote: the intent's event, the post of the authorization and the fee leg.
        assertThat(server.get("/v1/events?limit=100", key).data()).hasSize(afterAuthorization + 3);

        String canceled = (String) server.post("/v1/payment_intents", key, "{\"amount\":300,\"currency\":\"usd\"}")
                .field("id");
        assertThat(server.post("/v1/payment_intents/" + canceled + "/cancel", key, "").field("status"))
                .isEqualTo("canceled");
        assertError(server.post("/v1/payment_intents/" + canceled + "/confirm", key,
                "{\"payment_method\":\"pm_card_visa\"}"), 400, "payment_intent_unexpected_state", null);
        TestServer.Answer declined = server.post("/v1/payment_intents", key, "{\"amount\":300,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_chargeDeclined\",\"confirm\":true}");
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.field("error.type")).isEqualTo("card_error");
        assertThat(declined.field("error.decline_code")).isEqualTo("generic_decline");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventsShowTheIntentAsEachStepLeftIt() {
        String id = (String) server.post("/v1/payment_intents", key, "{\"amount\":4200,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true,\"capture_method\":\"manual\"}").field("id");
        server.post("/v1/payment_intents/" + id + "/capture", key, "{\"amount_to_capture\":4000}");
        String refund = (String) server.post("/v1/refunds", key, "{\"payment_intent\":\"" + id + "\",\"amount\":1000}")
                .field("id");
        assertThat(refund).startsWith("re_");
        List<Map<String, Object>> events = server.get("/v1/events?limit=100", key).data();
        Map<String, Map<String, Object>> byType = new java.util.HashMap<>();
        for (Map<String, Object> e : events) {
            byType.putIfAbsent((String) e.get("type"), (Map<String, Object>) ((Map<String, Object>) e.get("data"))
                    .get("object"));
        }
        assertThat(byType.get("payment_intent.created").get("status")).isEqualTo("processing");
        assertThat(byType.get("payment_intent.amount_capturable_updated").get("amount_capturable")).isEqualTo(4200L);
        assertThat(byType.get("payment_intent.succeeded").get("amount_received")).isEqualTo(4000L);
        assertThat(byType.get("payment_intent.succeeded").get("amount_refunded")).isEqualTo(0L);
        assertThat(byType.get("charge.refunded").get("amount_refunded")).isEqualTo(1000L);
        assertThat(byType.get("refund.created").get("status")).isEqualTo("pending");
        assertThat(byType.get("refund.updated").get("status")).isEqualTo("succeeded");
        assertThat(byType).containsKeys("transfer.pending", "transfer.posted", "transfer.created");
    }

    @Test
    void aLostAnswerIsSettledByTheProcessorsRecord() {
        TestServer.Answer paid = server.post("/v1/payment_intents", key, "{\"amount\":990,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_settleAnswerLost\",\"confirm\":true}");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.field("status")).isEqualTo("succeeded");
        assertThat(paid.field("amount_received")).isEqualTo(990L);
        MetricsScrape metrics = MetricsScrape.parse(server.get("/metrics", null).body());
        assertThat(metrics.value("settle_payments_processor_calls_total", "outcome=\"unknown\"")).isEqualTo(1);
        assertThat(metrics.value("settle_payments_processor_calls_total", "outcome=\"answered\"")).isEqualTo(1);
    }

    @Test
    void anAuthorizationNotCapturedInTimeIsVoided() throws Exception {
        String id = (String) server.post("/v1/payment_intents", key, "{\"amount\":650,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true,\"capture_method\":\"manual\"}").field("id");
        server.clockMillis.addAndGet(EXPIRY.toMillis() + 1);
        LocalCluster.await(Duration.ofSeconds(20),
                () -> "canceled".equals(server.get("/v1/payment_intents/" + id, key).field("status")));
        TestServer.Answer intent = server.get("/v1/payment_intents/" + id, key);
        assertThat(intent.field("status")).isEqualTo("canceled");
        assertThat(intent.field("cancellation_reason")).isEqualTo("automatic");
        assertThat(intent.field("amount_capturable")).isEqualTo(0L);
        Map<String, Object> sales = server.get("/v1/accounts/" + account(PaymentLedger.Role.SALES, "usd"), key).json();
        assertThat(sales.get("credits_pending")).isEqualTo(0L);
    }

    @Test
    void aConfirmWhileTheProcessorIsDownFailsFastAndLeavesTheIntentAsItWas() {
        TestServer.Answer created = server.post("/v1/payment_intents", key, "{\"amount\":700,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\"}");
        String id = (String) created.field("id");
        int events = server.get("/v1/events?limit=100", key).data().size();
        processor.close(); // connections refused: no attempt reaches it
        assertError(server.post("/v1/payment_intents/" + id + "/confirm", key, ""), 503, "processor_unavailable",
                null);
        TestServer.Answer after = server.get("/v1/payment_intents/" + id, key);
        assertThat(after.field("status")).isEqualTo("requires_confirmation");
        assertThat(after.field("last_payment_error")).isNull();
        assertThat(after.field("latest_charge")).isNull();
        assertThat(server.get("/v1/events?limit=100", key).data()).hasSize(events);
        MetricsScrape metrics = MetricsScrape.parse(server.get("/metrics", null).body());
        assertThat(metrics.value("settle_payments_processor_calls_total", "outcome=\"not_performed\""))
                .isEqualTo(1);
    }

    @Test
    void withoutAProcessorPaymentsAreCreatedButNotConfirmed() throws Exception {
        server = server.restart(config -> config);
        assertError(server.post("/v1/payment_intents", key, "{\"amount\":100,\"currency\":\"usd\","
                + "\"payment_method\":\"pm_card_visa\",\"confirm\":true}"), 503, "processor_unavailable", null);
        assertThat(server.get("/v1/payment_intents", key).data()).isEmpty();
        TestServer.Answer created = server.post("/v1/payment_intents", key, "{\"amount\":100,\"currency\":\"usd\"}");
        assertThat(created.status()).isEqualTo(200);
    }

    private static String account(PaymentLedger.Role role, String currency) {
        return PaymentLedger.account(role, currency).toUuid().toString();
    }

    private static void assertError(TestServer.Answer answer, int status, String code, String param) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.field("error.code")).as(answer.body()).isEqualTo(code);
        if (param != null) {
            assertThat(answer.field("error.param")).as(answer.body()).isEqualTo(param);
        }
    }
}
