package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tenant tries to fill the heap: 150 connections each declare a 4 MiB batch body and send
 * all of it but the last byte, against a server in a child JVM with {@code -Xmx512m}. Bodies are
 * admitted only within the tenant's byte budget; the rest are refused (429) before a byte is
 * read. No request answers 5xx, and the server stays ready and answers meanwhile.
 */
class HostileClientHeapTest {
    private static final int CONNECTIONS = 150;
    private static final int BODY_BYTES = 4 * 1024 * 1024;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final long SEND_BOUND_SECONDS = 120;
    private static final long ANSWER_WAIT_MILLIS = 200;

    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void halfSentBatchBodiesNeverExhaustTheHeap() throws Exception {
        ChildServer child = ChildServer.start(data, logs);
        List<RawConnection> connections = new ArrayList<>();
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawConnection c = new RawConnection(child.port());
                connections.add(c);
                senders.submit(() -> {
                    sendAllButTheLastByte(c, child.key());
                    c.awaitAnswer(ANSWER_WAIT_MILLIS);
                    statuses.add(c.status());
                    return null;
                });
            }
            senders.shutdown();
            assertThat(senders.awaitTermination(SEND_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

            LoopbackHttp http = new LoopbackHttp();
            HttpResponse<String> ready = http.get(child.port(), child.key(), "/health/ready");
            assertThat(ready.statusCode()).as("ready while the bodies are held").isEqualTo(200);
            assertThat(http.get(child.port(), child.key(), "/v1/accounts").statusCode()).isEqualTo(200);
            assertThat(statuses).as("nothing answered 5xx").allMatch(status -> status < 500);
            assertThat(statuses).as("bodies beyond the tenant's budget are refused").contains(429);
        } finally {
            for (RawConnection c : connections) {
                c.close();
            }
            child.process().destroyForcibly().waitFor();
        }
        for (Path log : Files.list(logs).toList()) {
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        }
    }

    private static void sendAllButTheLastByte(RawConnection c, String key) {
        boolean open = c.send("POST /v1/transfers/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n");
        byte[] chunk = new byte[CHUNK_BYTES];
        java.util.Arrays.fill(chunk, (byte) ' ');
        int left = BODY_BYTES - 1;
        while (open && left > 0) {
            int n = Math.min(left, CHUNK_BYTES);
            open = c.send(n == CHUNK_BYTES ? chunk : java.util.Arrays.copyOf(chunk, n));
            left -= n;
        }
    }
}
