package dev.settle.metrics;

import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.pod.BatchObserver;
import dev.settle.pod.Pod;
import dev.settle.pod.PodStats;
import dev.settle.pod.Pods;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The pods: queue depth and delay, batch sizes, commit (fsync) latency, and outcomes by result
 * code summed over pods. Each pod's histograms are fed by a {@link BatchObserver} on its own
 * threads, once per batch; everything else is read at scrape time.
 */
public final class PodMetrics {
    /** Batch sizes in commands: powers of two up to the largest batch a pod forms. */
    static final double[] BATCH_SIZE_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
    /** Commit latency: a synced write takes ~0.5 ms on a good disk and seconds on a sick one. */
    static final Duration[] COMMIT_BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    /**
     * The unit of queues and batches: one transfer, account or transaction leg (what the pods call
     * an event internally; not an outbox event).
     */
    static final String COMMANDS = "commands";

    private PodMetrics() {}

    public static void bind(MeterRegistry registry, Pods pods) {
        for (int index = 0; index < pods.count(); index++) {
            bindPod(registry, pods.pod(index), Tags.of("pod", Integer.toString(index)));
        }
        for (CreateTransferResult result : CreateTransferResult.values()) {
            outcomes(registry, "settle.transfers", "Transfers durably answered, by result code", result.code(),
                    pods, s -> s.transfers(result));
        }
        for (CreateAccountResult result : CreateAccountResult.values()) {
            outcomes(registry, "settle.accounts", "Accounts durably answered, by result code", result.code(),
                    pods, s -> s.accounts(result));
        }
        for (CreateTransactionResult result : CreateTransactionResult.values()) {
            outcomes(registry, "settle.transactions", "Transactions durably answered, by result code",
                    result.code(), pods, s -> s.transactions(result));
        }
    }

    private static void bindPod(MeterRegistry registry, Pod pod, Tags tags) {
        Gauge.builder("settle.pod.queued", pod, Pod::queuedEvents).tags(tags).baseUnit(COMMANDS)
                .description("Commands waiting in the pod's queue (a batch's transfers count one each)")
                .register(registry);
        Gauge.builder("settle.pod.queue.used", pod, p -> p.queuePercent() / 100.0).tags(tags).baseUnit("ratio")
                .description("The pod's queue as a fraction of its bound (load shedding reads it)")
                .register(registry);
        Gauge.builder("settle.pod.queue.delay", pod, p -> p.queueDelayNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .tags(tags).baseUnit("seconds")
                .description("How long the oldest queued command has waited").register(registry);
        Gauge.builder("settle.pod.up", pod, p -> p.isAvailable() ? 1 : 0).tags(tags)
                .description("1 while the pod takes commands, 0 once it stopped (disk full, I/O error)")
                .register(registry);
        PodStats stats = pod.stats();
        FunctionCounter.builder("settle.pod.batches", stats, PodStats::batches).tags(tags)
                .description("Batches written (one synced write each)").register(registry);
        FunctionCounter.builder("settle.pod.written", stats, PodStats::bytesWritten).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("Bytes of batches written").register(registry);
        FunctionCounter.builder("settle.pod.rejected", stats, PodStats::rejectedOverloaded).tags(tags)
                .description("Commands refused because the pod's queue was full").register(registry);
        DistributionSummary batchSize = DistributionSummary.builder("settle.pod.batch.size").tags(tags)
                .baseUnit(COMMANDS).serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .description("Commands per batch").register(registry);
        Timer commit = Timer.builder("settle.pod.commit").tags(tags).serviceLevelObjectives(COMMIT_BUCKETS)
                .description("Synced batch writes: write-ahead log append, fsync and memtable insert")
                .register(registry);
        stats.observe(new BatchObserver() {
            @Override
            public void applied(int events) {
                batchSize.record(events);
            }

            @Override
            public void committed(long nanos, int bytes) {
                commit.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    /**
     * A count summed over the pods. The meter holds its object weakly (Micrometer's rule), so it
     * reads through {@code pods}, which the server holds, not through a list made here.
     */
    private static void outcomes(MeterRegistry registry, String name, String description, String result,
            Pods pods, ToLongFunction<PodStats> count) {
        FunctionCounter.builder(name, pods, all -> sum(all, count)).tag("result", result)
                .description(description).register(registry);
    }

    private static double sum(Pods pods, ToLongFunction<PodStats> count) {
        long total = 0;
        for (Pod pod : pods.all()) {
            total += count.applyAsLong(pod.stats());
        }
        return total;
    }
}
