package dev.settle.bench.payments;

import dev.settle.bench.LatencyRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A closed loop of payments over HTTP: {@code concurrency} virtual threads each create and
 * confirm a payment with manual capture, then capture it, as Stripe's clients would (form
 * bodies, an idempotency key per request), for the warm-up and then the measured seconds.
 * Jetty's client, whose CPU per request is a fraction of the JDK's: on a shared machine the load
 * generator's cost is taken from the server's.
 */
public final class PaymentsBench {
    private static final Pattern ID = Pattern.compile("\"id\":\"(pi_[0-9a-f]{32})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int CLIENT_THREADS_MAX = 16;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int AMOUNT_MIN = 100;
    private static final int AMOUNTS = 9_000;

    private PaymentsBench() {}

    public static PaymentsBenchResult run(PaymentsBenchConfig config) throws Exception {
        HttpClient http = client(config.concurrency());
        try {
            return run(http, config);
        } finally {
            http.stop();
        }
    }

    private static HttpClient client(int concurrency) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS_MAX);
        threads.setName("payments-bench");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(concurrency);
        http.setMaxRequestsQueuedPerDestination(concurrency * 2);
        http.start();
        return http;
    }

    private static PaymentsBenchResult run(HttpClient http, PaymentsBenchConfig config) throws Exception {
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
                ContentResponse created = post(http, config, "/v1/payment_intents", body);
                long authorized = System.nanoTime();
                Matcher id = ID.matcher(created.getContentAsString());
                if (created.getStatus() != 200 || !created.getContentAsString().contains("\"requires_capture\"")
                        || !id.find()) {
                    phase.failed.incrementAndGet();
                    continue;
                }
                mine[0].record(authorized - start);
                ContentResponse captured = post(http, config, "/v1/payment_intents/" + id.group(1) + "/capture", "");
                long done = System.nanoTime();
                if (captured.getStatus() != 200 || !captured.getContentAsString().contains("\"succeeded\"")) {
                    phase.failed.incrementAndGet();
                    continue;
                }
                mine[1].record(done - authorized);
                phase.captured.incrementAndGet();
            } catch (ExecutionException | TimeoutException e) {
                phase.failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static ContentResponse post(HttpClient http, PaymentsBenchConfig config, String path, String body)
            throws InterruptedException, ExecutionException, TimeoutException {
        return http.newRequest(config.url().resolve(path)).method(HttpMethod.POST)
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> headers.put("Authorization", "Bearer " + config.apiKey())
                        .put("Idempotency-Key", java.util.UUID.randomUUID().toString()))
                .body(new StringRequestContent(FORM, body)).send();
    }
}
