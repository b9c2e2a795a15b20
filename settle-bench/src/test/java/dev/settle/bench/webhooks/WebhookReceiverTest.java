package dev.settle.bench.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
    private static final String FIRST = "evt_00000001" + "0000000000000001";
    private static final String SECOND = "evt_00000001" + "0000000000000002";

    @Test
    void countsDeliveriesAndDistinctEventsAndAnswers200() throws Exception {
        AtomicLong clockNanos = new AtomicLong(1_000);
        try (WebhookReceiver receiver = WebhookReceiver.start(clockNanos::get);
                HttpClient client = HttpClient.newHttpClient()) {
            assertThat(receiver.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/hook");
            assertThat(receiver.firstDeliveryNanos()).isEmpty();

            assertThat(post(client, receiver.uri(), FIRST)).isEqualTo(200);
            clockNanos.set(5_000);
            assertThat(post(client, receiver.uri(), FIRST)).as("a repeat is answered too").isEqualTo(200);
            clockNanos.set(9_000);
            assertThat(post(client, receiver.uri(), SECOND)).isEqualTo(200);

            assertThat(receiver.deliveries()).isEqualTo(3);
            assertThat(receiver.distinctEvents()).isEqualTo(2);
            assertThat(receiver.firstDeliveryNanos()).hasValue(1_000);
            assertThat(receiver.lastDeliveryNanos()).hasValue(9_000);
            assertThat(receiver.rejected()).isZero();
        }
    }

    @Test
    void rejectsRequestsWithoutAnEventIdAndOtherPaths() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); HttpClient client = HttpClient.newHttpClient()) {
            assertThat(post(client, receiver.uri(), "msg_123")).isEqualTo(400);
            assertThat(post(client, receiver.uri(), "evt_0000000100000000000000000")).isEqualTo(400);
            assertThat(post(client, receiver.uri(), "evt_00000001" + "0000000000000000")).as("sequences start at 1")
                    .isEqualTo(400);
            assertThat(post(client, receiver.uri().resolve("/other"), FIRST)).isEqualTo(404);
            HttpResponse<Void> get = client.send(HttpRequest.newBuilder(receiver.uri()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(receiver.rejected()).isEqualTo(3);
            assertThat(receiver.deliveries()).isZero();
        }
    }

    @Test
    void awaitDistinctWakesWhenTheCountIsReachedAndTimesOutOtherwise() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); HttpClient client = HttpClient.newHttpClient()) {
            assertThat(receiver.awaitDistinct(1, Duration.ofMillis(50))).isFalse();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return receiver.awaitDistinct(2, Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            post(client, receiver.uri(), FIRST);
            post(client, receiver.uri(), FIRST);
            assertThat(waiter).as("a repeat is no new event").isNotDone();
            post(client, receiver.uri(), SECOND);
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(receiver.awaitDistinct(2, Duration.ZERO)).as("reached already").isTrue();
        }
    }

    @Test
    void eventIdsAreParsedByLedgerAndSequence() {
        assertThat(EventIdSet.ledgerOf("evt_0000002a" + "00000000000000ff")).isEqualTo(42);
        assertThat(EventIdSet.sequenceOf("evt_0000002a" + "00000000000000ff")).isEqualTo(255);
        assertThat(EventIdSet.sequenceOf("evt_0000002a" + "00000000000000fg")).isEqualTo(EventIdSet.INVALID);
        assertThat(EventIdSet.sequenceOf(null)).isEqualTo(EventIdSet.INVALID);

        EventIdSet ids = new EventIdSet();
        assertThat(ids.add("evt_00000001" + "0000000000000001")).isEqualTo(EventIdSet.Outcome.NEW);
        assertThat(ids.add("evt_00000002" + "0000000000000001")).as("another ledger").isEqualTo(EventIdSet.Outcome.NEW);
        assertThat(ids.add("evt_00000001" + "0000000000000001")).isEqualTo(EventIdSet.Outcome.REPEATED);
        String beyondLimit = "evt_00000001" + String.format("%016x", EventIdSet.SEQUENCE_MAX + 1);
        assertThat(ids.add(beyondLimit)).isEqualTo(EventIdSet.Outcome.INVALID);
        assertThat(ids.size()).isEqualTo(2);
    }

    private static int post(HttpClient client, URI uri, String webhookId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header(WebhookReceiver.ID_HEADER, webhookId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"account.created\"}")).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
