package dev.settle.bench.payments;

import dev.settle.bench.LatencyRecorder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed loop of payments over HTTP: {@code concurrency} virtual threads each create and
 * confirm a payment with manual capture, then capture it, as Stripe's clients would (form
 * bodies, an idempotency key per request), for the warm-up and then the measured seconds.
 */
public final class PaymentsBench {
    private static final Pattern ID = Pattern.compile("\"id\":\"(pi_[0-9a-f]{32})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int AMOUNT_MIN = 100;
    private static final int AMOUNTS = 9_000;

    private PaymentsBench() {}

    public static PaymentsBenchResult run(PaymentsBenchConfig config) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Phase warmup = new Phase();
        config.progress().accept("payments: warming up for " + config.warmupSeconds() + " s with " + config.concurrency()
                + " payments at a time");
        loop(http, config, warmup, config.warmupSeconds());
        Phase measured = new Phase();
        config.progress().accept("payments: measuring for " + config.seconds() + " s");
        long started = System.nanoTime();
        loop(http, config, measured, config.seconds());
        double seconds = (System.nanoTime() - started) / 1e9;
        PaymentsBenchResult result = new PaymentsBenchResult(seconds, measured.captured.get(), measured.failed.get(),
                config.concurrency(), measured.authorize(), measured.capture());
        config.progress().accept(String.format("payments: %,.0f captured intents/s; authorize p99 %.1f ms, capture p99"
                + " %.1f ms; %d failed", result.capturedPerSecond(), result.authorize().percentileMicros(99) / 1000,
                result.capture().percentileMicros(99) / 1000, result.failed()));
        return result;
    }

    /** What one phase counted; each worker records into its own recorders, merged at the end. */
    private static final class Phase {
        final AtomicLong captured = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final List<LatencyRecorder[]> recorders = new ArrayList<>();

        synchronized LatencyRecorder[] newWorker() {
            LatencyRecorder[] mine = {new LatencyRecorder(), new LatencyRecorder()};
            recorders.add(mine);
            return mine;
        }

        LatencyRecorder authorize() {
            return merged(0);
        }

        LatencyRecorder capture() {
            return merged(1);
        }

        private synchronized LatencyRecorder merged(int step) {
            LatencyRecorder all = new LatencyRecorder();
            recorders.forEach(r -> all.merge(r[step]));
            return all;
        }
    }

    private static void loop(HttpClient http, PaymentsBenchConfig config, Phase phase, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < config.concurrency(); w++) {
                int worker = w;
                running.add(workers.submit(() -> work(http, config, phase, worker, deadline)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
    }

    private static Void work(HttpClient http, PaymentsBenchConfig config, Phase phase, int worker, long deadline) {
        LatencyRecorder[] mine = phase.newWorker();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n++;
            String body = "amount=" + (AMOUNT_MIN + (worker * 31 + n) % AMOUNTS)
                    + "&currency=usd&confirm=true&capture_method=manual&payment_method=pm_card_visa";
            try {
                long start = System.nanoTime();
                HttpResponse<String> created = post(http, config, "/v1/payment_intents", body);
                long authorized = System.nanoTime();
                Matcher id = ID.matcher(created.body());
                if (created.statusCode() != 200 || !created.body().contains("\"requires_capture\"") || !id.find()) {
                    phase.failed.incrementAndGet();
                    continue;
                }
                mine[0].record(authorized - start);
                HttpResponse<String> captured = post(http, config, "/v1/payment_intents/" + id.group(1) + "/capture",
                        "");
                long done = System.nanoTime();
                if (captured.statusCode() != 200 || !captured.body().contains("\"succeeded\"")) {
                    phase.failed.incrementAndGet();
                    continue;
                }
                mine[1].record(done - authorized);
                phase.captured.incrementAndGet();
            } catch (IOException e) {
                phase.failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static HttpResponse<String> post(HttpClient http, PaymentsBenchConfig config, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(config.url().resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
