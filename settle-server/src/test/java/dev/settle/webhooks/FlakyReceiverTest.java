package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlakyReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long TIMESTAMP_SECONDS = 1_700_000_000L;
    private static final WebhookSecret SECRET = WebhookSecret.generate(new SecureRandom());

    private final DeliverySender sender = new DeliverySender(Duration.ofSeconds(1), Duration.ofMillis(300));

    @AfterEach
    void closeSender() {
        sender.close();
    }

    @Test
    void aReliableReceiverRecordsAndAcknowledgesEveryDeliveryOnOneKeptAliveConnection() throws Exception {
        try (FlakyReceiver receiver = FlakyReceiver.reliable()) {
            for (int i = 0; i < 5; i++) {
                assertThat(deliver(receiver, "msg_" + i).statusCode()).isEqualTo(200);
            }

            assertThat(receiver.awaitAcknowledged(ids -> ids.size() == 5, WAIT)).isTrue();
            assertThat(receiver.acknowledgedIds()).containsExactly("msg_0", "msg_1", "msg_2", "msg_3", "msg_4");
            assertThat(receiver.connectionsAccepted()).isEqualTo(1);
            FlakyReceiver.Received first = receiver.received().get(0);
            assertThat(first.webhookId()).isEqualTo("msg_0");
            assertThat(first.webhookTimestamp()).isEqualTo(Long.toString(TIMESTAMP_SECONDS));
            assertThat(first.bodyText()).isEqualTo(body("msg_0"));
            assertThat(first.arrivedAt()).isNotNull();
            assertThat(WebhookSignature.verify(
                            first.webhookId(), first.webhookTimestamp(), first.body(), first.webhookSignature(), SECRET,
                            TIMESTAMP_SECONDS, WebhookSignature.TOLERANCE_SECONDS_DEFAULT))
                    .isTrue();
        }
    }

    @Test
    void concurrentDeliveriesAreAllServed() throws Exception {
        try (FlakyReceiver receiver = FlakyReceiver.reliable()) {
            List<CompletableFuture<DeliveryOutcome>> outcomes = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String id = "msg_" + i;
                ids.add(id);
                CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> outcome.complete(deliver(receiver, id)));
                outcomes.add(outcome);
            }

            assertThat(receiver.awaitAcknowledged(acknowledged -> acknowledged.equals(ids), WAIT)).isTrue();
            for (CompletableFuture<DeliveryOutcome> outcome : outcomes) {
                assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeeded()).isTrue();
            }
            assertThat(receiver.received()).hasSize(20);
        }
    }

    @Test
    void eachBehaviourAnswersAsDocumented() throws Exception {
        try (FlakyReceiver receiver = FlakyReceiver.reliable()) {
            receiver.setBehaviour(FlakyReceiver.Behaviour.ERROR);
            assertThat(deliver(receiver, "msg_error").statusCode()).isEqualTo(500);
            receiver.setBehaviour(FlakyReceiver.Behaviour.GONE);
            assertThat(deliver(receiver, "msg_gone").gone()).isTrue();
            receiver.setBehaviour(FlakyReceiver.Behaviour.RESET);
            // Jetty's client reads a reset before any answer as the end of the stream.
            assertThat(deliver(receiver, "msg_reset").error())
                    .isIn(DeliveryOutcome.CONNECTION_RESET, DeliveryOutcome.CONNECTION_CLOSED);
            receiver.setBehaviour(FlakyReceiver.Behaviour.STALL);
            assertThat(deliver(receiver, "msg_stall").error()).isEqualTo(DeliveryOutcome.READ_TIMED_OUT);
            receiver.setBehaviour(request -> request.webhookId().endsWith("ok")
                    ? FlakyReceiver.Behaviour.OK
                    : FlakyReceiver.Behaviour.ERROR);
            assertThat(deliver(receiver, "msg_ok").succeeded()).isTrue();
            assertThat(deliver(receiver, "msg_no").statusCode()).isEqualTo(500);

            assertThat(receiver.received()).extracting(FlakyReceiver.Received::webhookId)
                    .containsExactly("msg_error", "msg_gone", "msg_reset", "msg_stall", "msg_ok", "msg_no");
            assertThat(receiver.acknowledgedIds()).containsExactly("msg_ok");
        }
    }

    @Test
    void aFlakyReceiverFailsSomeDeliveriesAndAcknowledgesExactlyTheRest() throws Exception {
        try (FlakyReceiver receiver = FlakyReceiver.flaky(7, 0.5)) {
            Set<String> succeeded = new HashSet<>();
            int failed = 0;
            for (int i = 0; i < 16; i++) {
                String id = "msg_" + i;
                DeliveryOutcome outcome = deliver(receiver, id);
                if (outcome.succeeded()) {
                    succeeded.add(id);
                } else {
                    failed++;
                }
            }

            assertThat(succeeded).isNotEmpty();
            assertThat(failed).isPositive();
            assertThat(receiver.awaitAcknowledged(ids -> ids.equals(succeeded), WAIT)).isTrue();
            assertThat(receiver.received()).hasSize(16);
        }
    }

    @Test
    void closeReleasesAStalledDelivery() throws Exception {
        FlakyReceiver receiver = FlakyReceiver.reliable();
        receiver.setBehaviour(FlakyReceiver.Behaviour.STALL);
        try (DeliverySender patient = new DeliverySender(Duration.ofSeconds(1), Duration.ofSeconds(60))) {
            CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> outcome.complete(patient.send(
                    receiver.uri(), "msg_stalled", TIMESTAMP_SECONDS, new byte[0], "v1,x")));
            assertThat(receiver.awaitReceived(1, WAIT)).isTrue();

            receiver.close();

            DeliveryOutcome released = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(released.statusCode()).isZero();
            assertThat(released.error()).isNotEqualTo(DeliveryOutcome.READ_TIMED_OUT);
            assertThat(released.latencyMillis()).isLessThan(WAIT.toMillis());
        }
    }

    private DeliveryOutcome deliver(FlakyReceiver receiver, String msgId) {
        byte[] body = body(msgId).getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(msgId, TIMESTAMP_SECONDS, body, List.of(SECRET));
        return sender.send(receiver.uri(), msgId, TIMESTAMP_SECONDS, body, signature);
    }

    private static String body(String msgId) {
        return "{\"id\":\"" + msgId + "\"}";
    }
}
