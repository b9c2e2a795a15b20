package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.tracing.CollectedSpans;
import dev.settle.tracing.TraceParent;
import dev.settle.tracing.TracingConfig;
import dev.settle.webhooks.FlakyReceiver;
import dev.settle.webhooks.RetrySchedule;
import dev.settle.webhooks.WebhookConfig;
import dev.settle.webhooks.WebhookSecret;
import dev.settle.webhooks.WebhookSignature;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events and webhooks over real HTTP: the outbox, the events API, signed deliveries, retries, endpoints' lifecycle. */
class WebhooksApiTest {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    /** Retries within milliseconds, so a flaky receiver is retried many times in a test. */
    private static final RetrySchedule FAST_RETRIES = new RetrySchedule(List.of(Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(160),
            Duration.ofMillis(320), Duration.ofMillis(640), Duration.ofMillis(1000), Duration.ofMillis(1000),
            Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000),
            Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000)), 0.2);

    @TempDir
    Path data;
    private TestServer server;
    private final List<FlakyReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receivers.forEach(FlakyReceiver::close);
    }

    private static UnaryOperator<dev.settle.server.ServerConfig.Builder> webhooks(
            UnaryOperator<WebhookConfig.Builder> settings) {
        return c -> c.clockMillis(System::currentTimeMillis).webhooks(settings.apply(WebhookConfig.defaults()
                .toBuilder().allowPrivateTargets(true).timeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                .retrySchedule(FAST_RETRIES)).build());
    }

    private FlakyReceiver receiver(FlakyReceiver r) {
        receivers.add(r);
        return r;
    }

    private Map<String, Object> endpoint(String key, String url, String events) {
        TestServer.Answer created = server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"" + url + "\",\"enabled_events\":" + events + ",\"description\":\"test\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** Plain, pending, posted, voided transfers and a transaction; answers the ids of the objects. */
    private List<String> moneyMoves(String key) {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        List<String> ids = new ArrayList<>(List.of(a, b));
        ids.add((String) server.post("/v1/transfers", key, TestServer.transfer(a, b, 10)).field("id"));
        String pending = (String) server.post("/v1/transfers", key,
                "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":5,"
                        + "\"flags\":[\"pending\"]}").field("id");
        ids.add(pending);
        ids.add((String) server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + a
                + "\",\"credit_account_id\":\"" + b + "\",\"amount\":5,\"pending_id\":\"" + pending
                + "\",\"flags\":[\"post_pending_transfer\"]}").field("id"));
        String second = (String) server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + a
                + "\",\"credit_account_id\":\"" + b + "\",\"amount\":7,\"flags\":[\"pending\"]}").field("id");
        ids.add(second);
        ids.add((String) server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + a
                + "\",\"credit_account_id\":\"" + b + "\",\"amount\":0,\"pending_id\":\"" + second
                + "\",\"flags\":[\"void_pending_transfer\"]}").field("id"));
        TestServer.Answer transaction = server.post("/v1/transactions", key, "{\"entries\":["
                + "{\"account_id\":\"" + a + "\",\"direction\":\"debit\",\"amount\":3},"
                + "{\"account_id\":\"" + b + "\",\"direction\":\"credit\",\"amount\":3}]}");
        assertThat(transaction.status()).as(transaction.body()).isEqualTo(201);
        ids.add((String) transaction.field("id"));
        return ids;
    }

    @Test
    void every_change_has_one_event_listed_newest_first_with_filters_and_cursors() throws Exception {
        server = TestServer.start(data, webhooks(w -> w));
        String key = server.defaultKey;
        moneyMoves(key);
        List<Map<String, Object>> events = server.get("/v1/events?limit=100", key).data();
        // The transaction's two entries make one leg: one transfer.created, then transaction.created.
        assertThat(events).extracting(e -> e.get("type")).containsExactly("transaction.created", "transfer.created",
                "transfer.voided", "transfer.pending", "transfer.posted", "transfer.pending",
                "transfer.created", "account.created", "account.created");
        Map<String, Object> pending = events.get(3);
        assertThat(((Map<?, ?>) ((Map<?, ?>) pending.get("data")).get("object")).get("status")).isEqualTo("pending");
        assertThat(pending.get("api_version")).isEqualTo(dev.settle.api.version.ApiVersions.CURRENT);

        TestServer.Answer one = server.get("/v1/events/" + pending.get("id"), key);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(pending);

        assertThat(server.get("/v1/events?type=transfer.pending", key).data()).hasSize(2);
        assertThat(server.get("/v1/events?types=account.created,transaction.created", key).data()).hasSize(3);
        assertThat(server.get("/v1/events?type=transfer.*", key).data()).hasSize(6);
        assertThat(server.get("/v1/events?type=payout.created", key).status()).isEqualTo(400);

        TestServer.Answer first = server.get("/v1/events?limit=4", key);
        assertThat(first.field("has_more")).isEqualTo(true);
        String cursor = (String) first.data().get(3).get("id");
        List<Map<String, Object>> next = server.get("/v1/events?limit=100&starting_after=" + cursor, key).data();
        assertThat(next).hasSize(5).first().isEqualTo(events.get(4));
        List<Map<String, Object>> back = server.get("/v1/events?limit=2&ending_before=" + cursor, key).data();
        assertThat(back).containsExactly(events.get(1), events.get(2));

        String other = server.newTenant("other");
        assertThat(server.get("/v1/events/" + pending.get("id"), other).status()).isEqualTo(404);
        assertThat(server.get("/v1/events", other).data()).isEmpty();
        assertThat(server.get("/v1/events/evt_nonsense", key).status()).isEqualTo(404);
    }

    @Test
    void deliveries_are_signed_with_the_secret_and_carry_the_event() throws Exception {
        FlakyReceiver receiver = receiver(FlakyReceiver.reliable());
        server = TestServer.start(data, webhooks(w -> w));
        String key = server.defaultKey;
        Map<String, Object> created = endpoint(key, receiver.uri().toString(), "[\"*\"]");
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat((String) created.get("id")).startsWith("we_");
        assertThat(server.get("/v1/webhook_endpoints/" + created.get("id"), key).json()).doesNotContainKey("secret");

        moneyMoves(key);
        List<Map<String, Object>> events = server.get("/v1/events?limit=100", key).data();
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add((String) e.get("id")));
        assertThat(receiver.awaitAcknowledged(got -> got.containsAll(ids), AWAIT)).isTrue();

        WebhookSecret parsed = WebhookSecret.parse(secret);
        for (FlakyReceiver.Received r : receiver.received()) {
            assertThat(WebhookSignature.verify(r.webhookId(), r.webhookTimestamp(), r.body(), r.webhookSignature(),
                    parsed, Long.parseLong(r.webhookTimestamp()), 300)).isTrue();
            Map<String, Object> body = new TestServer.Answer(200, null, r.bodyText()).json();
            assertThat(body.get("id")).isEqualTo(r.webhookId());
            assertThat(events).contains(body);
        }
        String eventId = (String) events.get(0).get("id");
        List<Map<String, Object>> deliveries = awaitDelivered(key, eventId);
        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.get("status")).isEqualTo("succeeded");
            assertThat(d.get("webhook_endpoint")).isEqualTo(created.get("id"));
            assertThat((List<?>) d.get("attempts")).singleElement()
                    .satisfies(a -> assertThat(((Map<?, ?>) a).get("status_code")).isEqualTo(200L));
        });
    }

    @Test
    void a_flaky_receiver_gets_every_event_at_least_once_and_a_dead_endpoint_does_not_slow_a_live_one()
            throws Exception {
        FlakyReceiver flaky = receiver(FlakyReceiver.flaky(42, 0.4));
        FlakyReceiver dead = receiver(FlakyReceiver.reliable());
        dead.setBehaviour(FlakyReceiver.Behaviour.STALL);
        FlakyReceiver healthy = receiver(FlakyReceiver.reliable());
        server = TestServer.start(data, webhooks(w -> w.breakerOpen(Duration.ofSeconds(1))));
        String key = server.defaultKey;
        endpoint(key, dead.uri().toString(), "[\"*\"]");
        Map<String, Object> flakyEndpoint = endpoint(key, flaky.uri().toString(), "[\"transfer.*\"]");
        endpoint(key, healthy.uri().toString(), "[\"*\"]");
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        for (int i = 0; i < 60; i++) {
            assertThat(server.post("/v1/transfers", key, TestServer.transfer(a, b, 1)).status()).isEqualTo(201);
        }
        List<Map<String, Object>> events = server.get("/v1/events?limit=100", key).data();
        Set<String> all = new HashSet<>();
        Set<String> transfers = new HashSet<>();
        for (Map<String, Object> e : events) {
            all.add((String) e.get("id"));
            if (((String) e.get("type")).startsWith("transfer.")) {
                transfers.add((String) e.get("id"));
            }
        }
        assertThat(all).hasSize(62);
        assertThat(healthy.awaitAcknowledged(got -> got.containsAll(all), AWAIT)).isTrue();
        assertThat(flaky.awaitAcknowledged(got -> got.containsAll(transfers), AWAIT)).isTrue();
        assertThat(flaky.acknowledgedIds()).isEqualTo(transfers);
        WebhookSecret secret = WebhookSecret.parse((String) flakyEndpoint.get("secret"));
        Map<String, byte[]> bodies = new java.util.HashMap<>();
        for (FlakyReceiver.Received r : flaky.received()) {
            assertThat(WebhookSignature.verify(r.webhookId(), r.webhookTimestamp(), r.body(), r.webhookSignature(),
                    secret, Long.parseLong(r.webhookTimestamp()), 300)).isTrue();
            byte[] earlier = bodies.putIfAbsent(r.webhookId(), r.body());
            if (earlier != null) { // a duplicate: the same event, the same id, the same body
                assertThat(new String(r.body(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(earlier, StandardCharsets.UTF_8));
            }
        }
        assertThat(flaky.received().size()).isGreaterThan(transfers.size()); // it did fail, and was retried
    }

    @Test
    void endpoints_update_disable_rotate_delete_and_refuse_bad_input() throws Exception {
        server = TestServer.start(data, c -> c.webhooks(WebhookConfig.defaults()));
        String key = server.defaultKey;
        assertThat(server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"http://127.0.0.1:9/hook\",\"enabled_events\":[\"*\"]}").field("error.code"))
                .isEqualTo("target_not_allowed");
        assertThat(server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"ftp://example.com/hook\",\"enabled_events\":[\"*\"]}").field("error.code"))
                .isEqualTo("url_scheme_not_allowed");
        assertThat(server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"https://example.com/hook\",\"enabled_events\":[\"payout.paid\"]}").status()).isEqualTo(400);
        assertThat(server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"https://example.com/hook\",\"enabled_events\":[]}").status()).isEqualTo(400);
        assertThat(server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"https://example.com/hook\",\"enabled_events\":[\"*\"],\"extra\":1}").status()).isEqualTo(400);
        assertThat(server.get("/v1/webhook_endpoints", key).data()).isEmpty();

        String idempotencyKey = UUID.randomUUID().toString();
        TestServer.Answer created = server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"https://93.184.216.34/hook\",\"enabled_events\":[\"transfer.posted\"]}",
                "Idempotency-Key", idempotencyKey);
        assertThat(created.status()).isEqualTo(201);
        TestServer.Answer replayed = server.post("/v1/webhook_endpoints", key,
                "{\"url\":\"https://93.184.216.34/hook\",\"enabled_events\":[\"transfer.posted\"]}",
                "Idempotency-Key", idempotencyKey);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.field("id")).isEqualTo(created.field("id"));
        assertThat(server.get("/v1/webhook_endpoints", key).data()).hasSize(1);

        String path = "/v1/webhook_endpoints/" + created.field("id");
        TestServer.Answer disabled = server.post(path, key, "{\"disabled\":true,\"description\":\"paused\"}");
        assertThat(disabled.field("status")).isEqualTo("disabled");
        assertThat(disabled.field("disabled_reason")).isEqualTo("manual");
        assertThat(disabled.field("description")).isEqualTo("paused");
        assertThat(server.post(path + "/replay", key, "{\"since\":\"2020-01-01T00:00:00Z\"}").status()).isEqualTo(409);
        assertThat(server.post(path, key, "{\"disabled\":false}").field("status")).isEqualTo("enabled");

        TestServer.Answer rotated = server.post(path + "/rotate_secret", key, "{\"expire_previous_after_seconds\":60}");
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.field("secret")).isNotEqualTo(created.field("secret"));
        assertThat(rotated.field("previous_secret_expires")).isNotNull();

        String other = server.newTenant("other");
        assertThat(server.get(path, other).status()).isEqualTo(404);
        assertThat(server.call("DELETE", path, other, null).status()).isEqualTo(404);
        TestServer.Answer deleted = server.call("DELETE", path, key, null);
        assertThat(deleted.field("deleted")).isEqualTo(true);
        assertThat(server.get(path, key).status()).isEqualTo(404);
    }

    @Test
    void endpoints_and_their_secrets_survive_a_restart() throws Exception {
        server = TestServer.start(data, c -> c.webhooks(WebhookConfig.defaults()));
        String key = server.defaultKey;
        Map<String, Object> created = endpoint(key, "https://93.184.216.34/hook", "[\"*\"]");
        server = server.restart();
        TestServer.Answer after = server.get("/v1/webhook_endpoints/" + created.get("id"), key);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.field("url")).isEqualTo("https://93.184.216.34/hook");
    }

    @Test
    void failed_deliveries_become_dead_letters_that_replay_and_a_failing_endpoint_is_disabled() throws Exception {
        FlakyReceiver failing = receiver(FlakyReceiver.reliable());
        failing.setBehaviour(FlakyReceiver.Behaviour.ERROR);
        RetrySchedule twoRetries = new RetrySchedule(List.of(Duration.ofMillis(5), Duration.ofMillis(5)), 0.2);
        server = TestServer.start(data, webhooks(w -> w.retrySchedule(twoRetries)
                .disableAfter(Duration.ofDays(1))));
        String key = server.defaultKey;
        Map<String, Object> endpoint = endpoint(key, failing.uri().toString(), "[\"account.created\"]");
        String path = "/v1/webhook_endpoints/" + endpoint.get("id");
        server.account(key, "USD");
        String eventId = (String) server.get("/v1/events", key).data().get(0).get("id");
        List<Map<String, Object>> dead = awaitDeadLetters(key, path, 1);
        assertThat(dead.get(0).get("event")).isEqualTo(eventId);
        assertThat(dead.get(0).get("status")).isEqualTo("failed");
        assertThat(dead.get(0).get("attempt_count")).isEqualTo(3L);
        assertThat((List<?>) dead.get(0).get("attempts")).hasSize(3).allSatisfy(
                a -> assertThat(((Map<?, ?>) a).get("status_code")).isEqualTo(500L));
        assertThat(failing.received()).hasSize(3);

        failing.setBehaviour(FlakyReceiver.Behaviour.OK);
        String replayKey = UUID.randomUUID().toString();
        String replayBody = "{\"event_ids\":[\"" + eventId + "\"]}";
        TestServer.Answer replay = server.post(path + "/replay", key, replayBody, "Idempotency-Key", replayKey);
        assertThat(replay.field("queued")).isEqualTo(1L);
        TestServer.Answer again = server.post(path + "/replay", key, replayBody, "Idempotency-Key", replayKey);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(replay.body());
        assertThat(failing.awaitAcknowledged(ids -> ids.contains(eventId), AWAIT)).isTrue();
        assertThat(server.get(path + "/dead_letters", key).data()).isEmpty();
        assertThat(server.post(path + "/replay", key, "{\"event_ids\":[\"evt_x\"]}").status()).isEqualTo(400);
        String unknown = eventId.substring(0, eventId.length() - 4) + "ffff";
        assertThat(server.post(path + "/replay", key, "{\"event_ids\":[\"" + unknown + "\"]}").field("error.param"))
                .isEqualTo("event_ids[0]");
        assertThat(server.post(path + "/replay", key, "{\"event_ids\":null}").status()).isEqualTo(400);
        assertThat(server.post(path + "/replay", key, "{}").status()).isEqualTo(400);
    }

    @Test
    void an_endpoint_failing_longer_than_allowed_is_disabled_and_410_disables_at_once() throws Exception {
        FlakyReceiver failing = receiver(FlakyReceiver.reliable());
        failing.setBehaviour(FlakyReceiver.Behaviour.ERROR);
        FlakyReceiver gone = receiver(FlakyReceiver.reliable());
        gone.setBehaviour(FlakyReceiver.Behaviour.GONE);
        server = TestServer.start(data, webhooks(w -> w.disableAfter(Duration.ZERO)));
        String key = server.defaultKey;
        String failingPath = "/v1/webhook_endpoints/" + endpoint(key, failing.uri().toString(), "[\"*\"]").get("id");
        String gonePath = "/v1/webhook_endpoints/" + endpoint(key, gone.uri().toString(), "[\"*\"]").get("id");
        server.account(key, "USD");
        server.account(key, "USD");
        assertThat(awaitStatus(key, gonePath, "gone")).isTrue();
        assertThat(awaitStatus(key, failingPath, "failing")).isTrue();
        assertThat(gone.received()).hasSizeLessThanOrEqualTo(2); // both events may be in flight when the 410 comes
        assertThat(awaitDeadLetters(key, failingPath, 2)).hasSize(2);
        assertThat(server.post(failingPath + "/replay", key, "{\"since\":\"2020-01-01T00:00:00Z\"}").status())
                .isEqualTo(409);
        failing.setBehaviour(FlakyReceiver.Behaviour.OK);
        assertThat(server.post(failingPath, key, "{\"disabled\":false}").field("failing_since")).isNull();
        TestServer.Answer replay = server.post(failingPath + "/replay", key, "{\"since\":\"2020-01-01T00:00:00Z\"}");
        assertThat(replay.field("queued")).isEqualTo(2L);
        assertThat(failing.awaitAcknowledged(ids -> ids.size() == 2, AWAIT)).isTrue();
    }

    @Test
    void after_a_rotation_deliveries_carry_both_signatures_until_the_overlap_ends() throws Exception {
        FlakyReceiver receiver = receiver(FlakyReceiver.reliable());
        server = TestServer.start(data, webhooks(w -> w));
        String key = server.defaultKey;
        Map<String, Object> created = endpoint(key, receiver.uri().toString(), "[\"*\"]");
        String path = "/v1/webhook_endpoints/" + created.get("id");
        String rotated = (String) server.post(path + "/rotate_secret", key, "{}").field("secret");
        server.account(key, "USD");
        assertThat(receiver.awaitReceived(1, AWAIT)).isTrue();
        FlakyReceiver.Received r = receiver.received().get(0);
        assertThat(r.webhookSignature().split(" ")).hasSize(2);
        for (String secret : List.of((String) created.get("secret"), rotated)) {
            assertThat(WebhookSignature.verify(r.webhookId(), r.webhookTimestamp(), r.body(), r.webhookSignature(),
                    WebhookSecret.parse(secret), Long.parseLong(r.webhookTimestamp()), 300)).isTrue();
        }
        server.post(path + "/rotate_secret", key, "{\"expire_previous_after_seconds\":0}");
        server.account(key, "USD");
        assertThat(receiver.awaitReceived(2, AWAIT)).isTrue();
        assertThat(receiver.received().get(1).webhookSignature().split(" ")).hasSize(1);
    }

    @Test
    void events_past_retention_are_deleted_and_sequences_continue() throws Exception {
        server = TestServer.start(data, c -> c.webhooks(WebhookConfig.defaults().toBuilder()
                .eventRetention(Duration.ofDays(1)).build()));
        String key = server.defaultKey;
        server.account(key, "USD");
        server.account(key, "USD");
        List<Map<String, Object>> before = server.get("/v1/events", key).data();
        assertThat(before).hasSize(2);
        server.clockMillis.addAndGet(Duration.ofDays(400).toMillis());
        server.server.sweep();
        List<Map<String, Object>> after = server.get("/v1/events", key).data();
        assertThat(after).containsExactly(before.get(0)); // the newest record stays: it numbers what follows
        assertThat(server.get("/v1/events/" + before.get(1).get("id"), key).status()).isEqualTo(404);
        server.account(key, "USD");
        String newest = (String) server.get("/v1/events", key).data().get(0).get("id");
        assertThat(newest.compareTo((String) before.get(0).get("id"))).isPositive();
    }

    /** A caller's trace context, as a traced client sends it. */
    private static final String CALLER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void a_traceparent_reaches_the_deliveries_of_the_events_it_caused_and_an_invalid_one_is_ignored()
            throws Exception {
        FlakyReceiver receiver = receiver(FlakyReceiver.reliable());
        server = TestServer.start(data, webhooks(w -> w));
        String key = server.defaultKey;
        endpoint(key, receiver.uri().toString(), "[\"*\"]");
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        TestServer.Answer traced = server.post("/v1/transfers", key, TestServer.transfer(a, b, 10),
                "traceparent", CALLER_TRACEPARENT);
        assertThat(traced.status()).as(traced.body()).isEqualTo(201);
        TestServer.Answer invalid = server.post("/v1/transfers", key, TestServer.transfer(a, b, 1),
                "traceparent", CALLER_TRACEPARENT.toUpperCase(java.util.Locale.ROOT));
        assertThat(invalid.status()).as("an invalid traceparent is ignored: " + invalid.body()).isEqualTo(201);
        assertThat(receiver.awaitReceived(4, AWAIT)).isTrue();
        // Export is off: the caller's context is passed on unchanged; untraced events send none.
        assertThat(traceparentsByObject(receiver))
                .containsEntry((String) traced.field("id"), CALLER_TRACEPARENT)
                .containsEntry((String) invalid.field("id"), null)
                .containsEntry(a, null)
                .containsEntry(b, null);
    }

    @Test
    void with_export_on_the_request_its_pod_stages_and_the_delivery_are_spans_in_the_callers_trace()
            throws Exception {
        CollectedSpans spans = new CollectedSpans();
        FlakyReceiver receiver = receiver(FlakyReceiver.reliable());
        server = TestServer.start(data, c -> webhooks(w -> w).apply(c)
                .tracing(TracingConfig.exportingTo(spans, TracingConfig.SAMPLE_RATIO_DEFAULT)));
        String key = server.defaultKey;
        endpoint(key, receiver.uri().toString(), "[\"transfer.*\"]");
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        TestServer.Answer transfer = server.post("/v1/transfers", key, TestServer.transfer(a, b, 10),
                "traceparent", CALLER_TRACEPARENT);
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
        String eventId = (String) server.get("/v1/events?type=transfer.created", key).data().get(0).get("id");
        awaitDelivered(key, eventId);
        TraceParent delivered = TraceParent.parse(receiver.received().get(0).traceparent());
        server.close(); // flushes the spans

        TraceParent caller = TraceParent.parse(CALLER_TRACEPARENT);
        SpanData request = single(spans.named("POST /v1/transfers"));
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(caller.traceIdHex());
        assertThat(request.getParentSpanContext().isRemote()).isTrue();
        assertThat(request.getParentSpanId()).isEqualTo(caller.spanIdHex());
        assertThat(request.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/v1/transfers");
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("settle.request_id")))
                .isEqualTo(transfer.header("Request-Id"));

        List<SpanData> stages = spans.spans().stream().filter(s -> s.getParentSpanId().equals(request.getSpanId())
                        && s.getKind() == SpanKind.INTERNAL)
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertThat(stages).extracting(SpanData::getName).containsExactly("pod.queue", "pod.apply", "pod.commit");
        for (int i = 0; i < stages.size(); i++) {
            SpanData stage = stages.get(i);
            assertThat(stage.getTraceId()).isEqualTo(caller.traceIdHex());
            assertThat(stage.getStartEpochNanos()).isBetween(request.getStartEpochNanos(), stage.getEndEpochNanos());
            assertThat(stage.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
            if (i > 0) {
                assertThat(stage.getStartEpochNanos()).as("%s after the stage before", stage.getName())
                        .isGreaterThanOrEqualTo(stages.get(i - 1).getEndEpochNanos());
            }
        }

        SpanData deliver = single(spans.named("webhook.deliver"));
        assertThat(deliver.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(deliver.getTraceId()).isEqualTo(caller.traceIdHex());
        assertThat(deliver.getParentSpanId()).as("a child of the context stored with the event")
                .isEqualTo(request.getSpanId());
        assertThat(deliver.getAttributes().get(AttributeKey.stringKey("settle.event.type")))
                .isEqualTo("transfer.created");
        assertThat(deliver.getAttributes().get(AttributeKey.longKey("settle.webhook.attempt"))).isEqualTo(1L);
        assertThat(deliver.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(delivered.traceIdHex()).isEqualTo(caller.traceIdHex());
        assertThat(delivered.spanIdHex()).as("the receiver's parent is the delivery span").isEqualTo(deliver.getSpanId());
        assertThat(delivered.sampled()).isTrue();

        // The accounts came without a traceparent: with export on, each request starts its own trace.
        assertThat(spans.named("POST /v1/accounts")).hasSize(2)
                .allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    }

    /** Each delivered event's object id, with the traceparent its delivery carried (null: none). */
    private static Map<String, String> traceparentsByObject(FlakyReceiver receiver) {
        Map<String, String> byObject = new HashMap<>();
        for (FlakyReceiver.Received r : receiver.received()) {
            Map<?, ?> body = new TestServer.Answer(200, null, r.bodyText()).json();
            byObject.put((String) ((Map<?, ?>) ((Map<?, ?>) body.get("data")).get("object")).get("id"),
                    r.traceparent());
        }
        return byObject;
    }

    private static SpanData single(List<SpanData> spans) {
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private List<Map<String, Object>> awaitDeadLetters(String key, String path, int count) {
        return awaitValue("" + count + " dead letters", () -> server.get(path + "/dead_letters", key).data(),
                dead -> dead.size() >= count);
    }

    /** The event's deliveries once one has succeeded (the receiver may answer before the relay records it). */
    private List<Map<String, Object>> awaitDelivered(String key, String eventId) {
        return awaitValue("a successful delivery of " + eventId,
                () -> server.get("/v1/events/" + eventId + "/deliveries", key).data(),
                deliveries -> deliveries.stream().anyMatch(d -> "succeeded".equals(d.get("status"))));
    }

    private boolean awaitStatus(String key, String path, String reason) {
        awaitValue("disabled_reason " + reason, () -> server.get(path, key).field("disabled_reason"), reason::equals);
        return true;
    }

    /** Reads {@code value} until it satisfies {@code done} (the relay works in the background), at most {@link #AWAIT}. */
    private static <T> T awaitValue(String what, java.util.function.Supplier<T> value,
            java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no " + what + " within " + AWAIT);
    }
}
