package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.webhooks.FlakyReceiver;
import dev.settle.webhooks.WebhookSecret;
import dev.settle.webhooks.WebhookSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox survives SIGKILL: a server killed three times in the middle of a load of transfers,
 * with webhook deliveries to a flaky receiver in flight, comes back with an event for every
 * committed change and no event without its change (sequences 1..N, no gap, no duplicate), and
 * the relay then delivers every event at least once, signed, and nothing that was not committed.
 * Each transfer is sent with its own {@code traceparent}, which its event keeps through the crashes
 * and its deliveries carry.
 */
class WebhookCrashTest {
    static final int ROUNDS = 3;
    static final int SENDERS_MIN = 8;
    static final int SENDERS_MAX = 16;
    static final int KILL_AFTER_ACKS_MIN = 50;
    static final int KILL_AFTER_ACKS_MAX = 400;
    static final double RECEIVER_FAILURES = 0.2;
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DELIVERED_TIMEOUT = Duration.ofSeconds(120);
    static final long SIGNATURE_TOLERANCE_SECONDS = 300;

    @TempDir
    Path data;
    @TempDir
    Path logs;

    private final LoopbackHttp http = new LoopbackHttp();
    private ChildServer child;
    private FlakyReceiver receiver;

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null) {
            child.process().destroyForcibly();
            child.process().waitFor(30, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aKilledServerLosesNoEventAndEveryCommittedChangeHasItsEvent() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // FlakyReceiver.flaky(seed, RECEIVER_FAILURES), with a count of the 200s answered per event id.
        Map<String, AtomicInteger> answeredOk = new ConcurrentHashMap<>();
        FlakyReceiver.BehaviourChooser flaky = FlakyReceiver.flakyChooser(seed, RECEIVER_FAILURES);
        receiver = FlakyReceiver.reliable();
        receiver.setBehaviour(request -> {
            FlakyReceiver.Behaviour behaviour = flaky.choose(request);
            if (behaviour == FlakyReceiver.Behaviour.OK) {
                answeredOk.computeIfAbsent(String.valueOf(request.webhookId()), id -> new AtomicInteger())
                        .incrementAndGet();
            }
            return behaviour;
        });
        child = ChildServer.start(data, logs);
        String key = child.key();
        assertThat(key).as("a fresh directory prints its key").isNotNull();

        TestServer.Answer endpoint = post(child.port(), key, "/v1/webhook_endpoints",
                "{\"url\":\"" + receiver.uri() + "\",\"enabled_events\":[\"*\"]}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        WebhookSecret secret = WebhookSecret.parse((String) endpoint.field("secret"));
        String a = account(child.port(), key);
        String b = account(child.port(), key);

        Set<String> sent = ConcurrentHashMap.newKeySet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> otherStatuses = new ConcurrentHashMap<>();
        List<String> loadFailures = new CopyOnWriteArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int senders = SENDERS_MIN + random.nextInt(SENDERS_MAX - SENDERS_MIN + 1);
            int killAt = KILL_AFTER_ACKS_MIN + random.nextInt(KILL_AFTER_ACKS_MAX - KILL_AFTER_ACKS_MIN + 1);
            CountDownLatch killTime = new CountDownLatch(killAt);
            AtomicBoolean killed = new AtomicBoolean();
            int port = child.port();
            long roundNanos = System.nanoTime();
            int ackedBefore = acknowledged.size();
            int sentBefore = sent.size();
            try (ExecutorService load = Executors.newFixedThreadPool(senders)) {
                for (int s = 0; s < senders; s++) {
                    load.submit(() -> {
                        while (!killed.get()) {
                            String id = UUID.randomUUID().toString();
                            sent.add(id);
                            try {
                                TestServer.Answer answer = post(port, key, "/v1/transfers", transfer(id, a, b),
                                        "traceparent", traceparentOf(id));
                                if (answer.status() == 201) {
                                    acknowledged.add(id);
                                    killTime.countDown();
                                } else {
                                    otherStatuses.computeIfAbsent(answer.status(), k -> new AtomicInteger())
                                            .incrementAndGet();
                                }
                            } catch (IOException | InterruptedException e) {
                                if (!killed.get()) { // the server failed before the kill: wake the test
                                    loadFailures.add(e.toString());
                                    for (long i = killTime.getCount(); i > 0; i--) {
                                        killTime.countDown();
                                    }
                                }
                                return;
                            }
                        }
                    });
                }
                boolean reached;
                try {
                    reached = killTime.await(LOAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } finally {
                    killed.set(true);
                    child.process().destroyForcibly(); // SIGKILL with requests and deliveries in flight
                }
                assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("the killed server exits").isTrue();
                assertThat(reached).as("round %d: %d transfers acknowledged", round, killAt).isTrue();
                assertThat(loadFailures).as("requests failed before the kill").isEmpty();
            }
            long restartNanos = System.nanoTime();
            child = ChildServer.start(data, logs);
            System.out.printf("round %d: %d senders, kill after %d acks: %d sent, %d acknowledged, %d delivered so far;"
                            + " load %d ms, restart %d ms%n", round, senders, killAt, sent.size() - sentBefore,
                    acknowledged.size() - ackedBefore, receiver.acknowledgedIds().size(),
                    (restartNanos - roundNanos) / 1_000_000, (System.nanoTime() - restartNanos) / 1_000_000);
        }

        // Every event of the tenant, newest first, then checked against what was sent and acknowledged.
        int port = child.port();
        long listedNanos = System.nanoTime();
        int deliveredWhenListed = receiver.acknowledgedIds().size();
        List<Map<String, Object>> events = allEvents(port, key);
        TreeMap<Long, Map<String, Object>> bySequence = new TreeMap<>();
        long previous = Long.MAX_VALUE;
        for (Map<String, Object> e : events) {
            long sequence = sequenceOf((String) e.get("id"));
            assertThat(sequence).as("listed newest first, no duplicate: %s", e.get("id")).isLessThan(previous);
            previous = sequence;
            bySequence.put(sequence, e);
        }
        assertThat(bySequence.firstKey()).as("the first sequence").isEqualTo(1L);
        assertThat(bySequence.lastKey()).as("sequences 1..N without a gap").isEqualTo((long) events.size());

        Map<String, Integer> transferEvents = new HashMap<>();
        Set<String> accountEvents = new HashSet<>();
        for (Map<String, Object> e : events) {
            String objectId = (String) object(e).get("id");
            switch ((String) e.get("type")) {
                case "transfer.created" -> transferEvents.merge(objectId, 1, Integer::sum);
                case "account.created" -> assertThat(accountEvents.add(objectId)).as("one event per account").isTrue();
                default -> throw new AssertionError("an event of a change never made: " + e);
            }
        }
        assertThat(accountEvents).as("both accounts have their event").containsExactlyInAnyOrder(a, b);
        transferEvents.forEach((id, count) -> assertThat(count).as("transfer.created events of %s", id).isEqualTo(1));
        assertThat(transferEvents.keySet()).as("every acknowledged transfer has its event").containsAll(acknowledged);
        assertThat(sent).as("no event of a transfer never sent").containsAll(transferEvents.keySet());

        // Every transfer sent exists exactly when its event does: no event without its change, no change without its event.
        Map<String, Boolean> exists = new ConcurrentHashMap<>();
        try (ExecutorService checks = Executors.newFixedThreadPool(SENDERS_MAX)) {
            List<Future<?>> pending = new ArrayList<>();
            for (String id : sent) {
                pending.add(checks.submit(() -> {
                    int status = get(port, key, "/v1/transfers/" + id).status();
                    assertThat(status).as("GET transfer %s", id).isIn(200, 404);
                    exists.put(id, status == 200);
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get(LOAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        int committedUnacknowledged = 0;
        for (String id : sent) {
            assertThat(exists.get(id)).as("transfer %s exists ⇔ its transfer.created event exists", id)
                    .isEqualTo(transferEvents.containsKey(id));
            if (exists.get(id) && !acknowledged.contains(id)) {
                committedUnacknowledged++;
            }
        }
        long moved = transferEvents.size();
        assertThat(amount(get(port, key, "/v1/accounts/" + a).field("debits_posted")))
                .as("debits of %s: one unit per transfer event", a).isEqualTo(moved);
        assertThat(amount(get(port, key, "/v1/accounts/" + b).field("credits_posted")))
                .as("credits of %s: one unit per transfer event", b).isEqualTo(moved);

        // No event lost by the crashes: the relay catches up with every committed event.
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.put((String) e.get("id"), e));
        long checkedNanos = System.nanoTime();
        boolean delivered = receiver.awaitAcknowledged(got -> got.containsAll(byId.keySet()), DELIVERED_TIMEOUT);
        System.out.printf("events checked in %d ms; %d of %d delivered by then, the rest in %d ms%n",
                (checkedNanos - listedNanos) / 1_000_000, deliveredWhenListed, events.size(),
                (System.nanoTime() - checkedNanos) / 1_000_000);
        Set<String> missing = new HashSet<>(byId.keySet());
        missing.removeAll(receiver.acknowledgedIds());
        assertThat(delivered).as("%d events of %d never acknowledged by the receiver, e.g. %s", missing.size(),
                byId.size(), missing.stream().limit(5).toList()).isTrue();

        List<FlakyReceiver.Received> received = receiver.received();
        Map<String, Integer> receivedCounts = new HashMap<>();
        for (FlakyReceiver.Received r : received) {
            Map<String, Object> event = byId.get(r.webhookId());
            assertThat(event).as("delivered %s was committed and listed", r.webhookId()).isNotNull();
            Map<String, Object> body = new TestServer.Answer(200, null, r.bodyText()).json();
            assertThat(body.get("id")).as("body of %s", r.webhookId()).isEqualTo(r.webhookId());
            assertThat(body.get("type")).as("type of %s", r.webhookId()).isEqualTo(event.get("type"));
            assertThat(body).as("delivered %s is the listed event", r.webhookId()).isEqualTo(event);
            String objectId = (String) object(event).get("id");
            assertThat(r.traceparent()).as("traceparent of %s", r.webhookId())
                    .isEqualTo("transfer.created".equals(event.get("type")) ? traceparentOf(objectId) : null);
            assertThat(WebhookSignature.verify(r.webhookId(), r.webhookTimestamp(), r.body(), r.webhookSignature(),
                    secret, Long.parseLong(r.webhookTimestamp()), SIGNATURE_TOLERANCE_SECONDS))
                    .as("signature of %s", r.webhookId()).isTrue();
            receivedCounts.merge(r.webhookId(), 1, Integer::sum);
        }
        int repeated = received.size() - receivedCounts.size();
        int duplicates = 0;
        int duplicated = 0;
        for (AtomicInteger ok : answeredOk.values()) {
            duplicates += ok.get() - 1;
            duplicated += ok.get() > 1 ? 1 : 0;
        }
        String summary = String.format("seed %d: %d events (%d transfers: %d acknowledged, %d committed without an "
                        + "answer, %d sent); %d deliveries received for %d distinct events, %d of them repeats of "
                        + "an earlier attempt; %d duplicates (an event answered 200 again) of %d events "
                        + "(at-least-once allows them); other transfer statuses %s",
                seed, events.size(), moved, acknowledged.size(), committedUnacknowledged, sent.size(), received.size(),
                receivedCounts.size(), repeated, duplicates, duplicated, otherStatuses);
        System.out.println(summary);
        assertThat(receivedCounts.keySet()).as(summary).isEqualTo(byId.keySet());
    }

    private List<Map<String, Object>> allEvents(int port, String key) throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            TestServer.Answer page = get(port, key,
                    "/v1/events?limit=100" + (cursor == null ? "" : "&starting_after=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            List<Map<String, Object>> data = page.data();
            all.addAll(data);
            if (!Boolean.TRUE.equals(page.field("has_more"))) {
                return all;
            }
            assertThat(data).as("a page with more after it is not empty").isNotEmpty();
            cursor = (String) data.get(data.size() - 1).get("id");
        }
    }

    /** The sequence in {@code evt_<8 hex ledger><16 hex sequence>}. */
    private static long sequenceOf(String eventId) {
        assertThat(eventId).matches("evt_[0-9a-f]{24}");
        return Long.parseUnsignedLong(eventId.substring(eventId.length() - 16), 16);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) event.get("data")).get("object");
    }

    private static long amount(Object rendered) {
        return Long.parseLong(String.valueOf(rendered));
    }

    private static String transfer(String id, String a, String b) {
        return "{\"id\":\"" + id + "\",\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b
                + "\",\"amount\":1}";
    }

    private String account(int port, String key) throws Exception {
        TestServer.Answer created = post(port, key, "/v1/accounts", "{\"currency\":\"USD\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return (String) created.field("id");
    }

    /** The trace context a transfer is sent with: its own trace, named after its id. */
    private static String traceparentOf(String transferId) {
        return "00-" + transferId.replace("-", "") + "-00f067aa0ba902b7-01";
    }

    private TestServer.Answer post(int port, String key, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return answer(http.post(port, key, path, body, headers));
    }

    private TestServer.Answer get(int port, String key, String path) throws IOException, InterruptedException {
        return answer(http.get(port, key, path));
    }

    private static TestServer.Answer answer(HttpResponse<String> response) {
        return new TestServer.Answer(response.statusCode(), response.headers(), response.body());
    }
}
