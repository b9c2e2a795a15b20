package dev.settle.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * The two ways the bench sends transfers, and how each answer says which of them failed.
 * Every transfer carries a fresh id, so anything but a creation is a failure: for a single
 * transfer any status other than 201 (200 would mean "already exists"); for a batch any status
 * other than 200, or an item whose result is not {@code ok}.
 */
enum TransferEndpoint {
    SINGLE("/v1/transfers", 201),
    BATCH("/v1/transfers/batch", 200);

    /** Characters of an answer kept to explain a failure. */
    static final int FAILURE_TEXT_CHARS_MAX = 500;
    private static final byte[] RESULT_KEY = JsonScan.quoted("result");
    private static final byte[] OK_VALUE = JsonScan.quoted("ok");

    private final String path;
    private final int createdStatus;

    TransferEndpoint(String path, int createdStatus) {
        this.path = path;
        this.createdStatus = createdStatus;
    }

    String path() {
        return path;
    }

    /** Transfers of a request of {@code transfers} that the answer does not report as created. */
    int failedTransfers(HttpResponse response, int transfers) {
        if (response.status() != createdStatus) {
            return transfers;
        }
        return switch (this) {
            case SINGLE -> 0;
            case BATCH -> {
                int ok = JsonScan.countValues(response.body(), response.bodyLength(), RESULT_KEY, OK_VALUE);
                // More results than items means the answer is not about this request: none of it counts.
                yield ok > transfers ? transfers : transfers - ok;
            }
        };
    }

    /**
     * Why the answer counts as failed, for the report: the status and the body, or for a batch
     * that was answered the first item that failed.
     */
    String describeFailure(HttpResponse response) {
        String prefix = "HTTP " + response.status() + ": ";
        if (this == SINGLE || response.status() != createdStatus) {
            return prefix + response.bodyText(FAILURE_TEXT_CHARS_MAX);
        }
        byte[] body = response.body();
        int length = response.bodyLength();
        int failed = JsonScan.firstOtherValue(body, length, RESULT_KEY, OK_VALUE);
        if (failed < 0) {
            return prefix + response.bodyText(FAILURE_TEXT_CHARS_MAX);
        }
        int itemStart = failed;
        while (itemStart > 0 && body[itemStart] != '{') {
            itemStart--;
        }
        int itemEnd = failed;
        while (itemEnd < length && body[itemEnd] != '}') {
            itemEnd++;
        }
        int end = Math.min(Math.min(itemEnd + 1, length), itemStart + FAILURE_TEXT_CHARS_MAX);
        return prefix + new String(body, itemStart, end - itemStart, StandardCharsets.UTF_8);
    }
}
