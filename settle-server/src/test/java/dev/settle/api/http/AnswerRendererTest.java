package dev.settle.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.api.StoredAnswers;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.PodCommand;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored answers are data: rendered from the command, its outcome and the request's version and id, anywhere. */
class AnswerRendererTest {
    private static final long BATCH_TIME_NANOS = 1_733_400_000_123_456_789L;
    private static final long CREATED_MILLIS = 1_733_399_999_000L;
    private static final byte[] KEY = {0, 0, 0, 7, 'k'};
    private static final byte[] FINGERPRINT = fingerprint();

    private static final AnswerRenderer<PodCommand.AddLedger, Void> ADDED = AnswerRenderer.of(99, "added",
            PodCommand.AddLedger.class, (context, command, outcome) -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("object", "ledger");
                v.put("ledger", command.ledger());
                return context.json(201, v);
            });

    @Test
    void theStoredRecordIsTheCallersAnswer() {
        AnswerContext context = new AnswerContext("2026-01-01", "req_abc");
        PodCommand.AddLedger command = new PodCommand.AddLedger(42);
        DurableResponse response = ADDED.response(KEY, FINGERPRINT, CREATED_MILLIS, context);

        byte[] stored = response.render(command, null, BATCH_TIME_NANOS);
        IdempotencyRecord record = IdempotencyRecord.decode(stored, KEY, null);
        ApiResponse callers = ADDED.answer(context, command, null);

        assertThat(response.key()).isEqualTo(KEY);
        assertThat(record.status()).isEqualTo(201);
        assertThat(record.apiVersion()).isEqualTo("2026-01-01");
        assertThat(record.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(record.createdMillis()).as("fixed when the request claimed its key").isEqualTo(CREATED_MILLIS);
        assertThat(record.body()).isEqualTo(callers.body());
        assertThat(new String(record.body(), StandardCharsets.UTF_8)).contains("\"ledger\":42");
    }

    @Test
    void renderingIsDeterministic() {
        DurableResponse response = ADDED.response(KEY, FINGERPRINT, CREATED_MILLIS, new AnswerContext("2026-01-01", "req_abc"));
        PodCommand.AddLedger command = new PodCommand.AddLedger(3);

        assertThat(response.render(command, null, BATCH_TIME_NANOS))
                .isEqualTo(response.render(command, null, BATCH_TIME_NANOS));
    }

    @Test
    void aFailingRenderStoresAnInternalErrorWithTheRequestId() {
        AnswerRenderer<PodCommand.AddLedger, Void> failing = AnswerRenderer.of(98, "failing",
                PodCommand.AddLedger.class, (context, command, outcome) -> {
                    throw new IllegalStateException("boom");
                });
        DurableResponse response = failing.response(KEY, FINGERPRINT, CREATED_MILLIS, new AnswerContext("2026-01-01", "req_xyz"));

        IdempotencyRecord record = IdempotencyRecord.decode(
                response.render(new PodCommand.AddLedger(1), null, BATCH_TIME_NANOS), KEY, null);

        assertThat(record.status()).isEqualTo(500);
        assertThat(new String(record.body(), StandardCharsets.UTF_8)).contains("req_xyz").doesNotContain("boom");
    }

    @Test
    void aFixedAnswerIsStoredAsItIs() {
        byte[] record = {1, 2, 3};
        DurableResponse fixed = DurableResponse.asIs(KEY, record);

        assertThat(fixed.render(new PodCommand.Barrier(), null, BATCH_TIME_NANOS)).isSameAs(record);
        assertThat(fixed.fixedRecord()).isSameAs(record);
        assertThatThrownBy(() -> ADDED.response(KEY, FINGERPRINT, CREATED_MILLIS, new AnswerContext("2026-01-01", "r")).fixedRecord())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyRendererIsFoundByItsIdAndIdsAreNotReused() {
        for (DurableResponse.Renderer renderer : StoredAnswers.ALL) {
            assertThat(StoredAnswers.byId(renderer.id())).isSameAs(renderer);
        }
        assertThat(StoredAnswers.ALL.stream().map(DurableResponse.Renderer::id).distinct().count())
                .isEqualTo(StoredAnswers.ALL.size());
        assertThatThrownBy(() -> StoredAnswers.byId(1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
        assertThatThrownBy(() -> AnswerRenderer.of(0, "clash", PodCommand.Barrier.class, (c, m, o) -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] fingerprint() {
        byte[] f = new byte[IdempotencyRecord.FINGERPRINT_BYTES];
        Arrays.fill(f, (byte) 0x5a);
        return f;
    }
}
