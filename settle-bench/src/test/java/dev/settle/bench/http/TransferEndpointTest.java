package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransferEndpointTest {
    private static HttpResponse answer(int status, String body) throws IOException {
        HttpResponse response = new HttpResponse();
        response.start(status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.append(bytes, 0, bytes.length);
        response.finish(true);
        return response;
    }

    @Test
    void aSingleTransferFailsUnlessCreated() throws IOException {
        assertThat(TransferEndpoint.SINGLE.failedTransfers(answer(201, "{}"), 1)).isZero();
        assertThat(TransferEndpoint.SINGLE.failedTransfers(answer(200, "{}"), 1)).isOne();
        assertThat(TransferEndpoint.SINGLE.failedTransfers(answer(422, "{}"), 1)).isOne();
        assertThat(TransferEndpoint.SINGLE.describeFailure(answer(422, "{\"error\":{}}"))).isEqualTo("HTTP 422: {\"error\":{}}");
    }

    @Test
    void aBatchCountsItsItemsThatAreNotOk() throws IOException {
        HttpResponse answer = answer(200, "{\"object\":\"batch_result\",\"results\":[{\"index\":0,\"id\":\"a\",\"result\":\"ok\"},"
                + "{\"index\":1,\"id\":\"b\",\"result\":\"exists\"},{\"index\":2,\"id\":\"c\",\"result\":\"ok\"}]}");

        assertThat(TransferEndpoint.BATCH.failedTransfers(answer, 3)).isOne();
        assertThat(TransferEndpoint.BATCH.describeFailure(answer))
                .isEqualTo("HTTP 200: {\"index\":1,\"id\":\"b\",\"result\":\"exists\"}");
    }

    @Test
    void aRefusedBatchOrOneWithMoreResultsThanItemsFailsWhole() throws IOException {
        assertThat(TransferEndpoint.BATCH.failedTransfers(answer(400, "{\"error\":{}}"), 5)).isEqualTo(5);
        assertThat(TransferEndpoint.BATCH.failedTransfers(answer(201, "{}"), 5)).isEqualTo(5);
        assertThat(TransferEndpoint.BATCH.failedTransfers(answer(200, "{\"result\":\"ok\",\"result\":\"ok\"}"), 1))
                .isOne();
        assertThat(TransferEndpoint.BATCH.describeFailure(answer(400, "{\"error\":{}}")))
                .isEqualTo("HTTP 400: {\"error\":{}}");
    }

    @Test
    void aLongFailureIsCut() throws IOException {
        String body = "x".repeat(2 * TransferEndpoint.FAILURE_TEXT_CHARS_MAX);

        assertThat(TransferEndpoint.SINGLE.describeFailure(answer(500, body)))
                .hasSize("HTTP 500: ".length() + TransferEndpoint.FAILURE_TEXT_CHARS_MAX + 1).endsWith("x…");
    }
}
