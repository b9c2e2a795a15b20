package dev.settle.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the pure state machine in transfers per second: each invocation applies one full
 * batch, and JMH divides by the batch size so that one operation is one transfer.
 *
 * <p>The heap is fixed so that runs on different machines size it the same way; a million
 * accounts take about 200 MB of it, and the measured loop allocates nothing. Five warmup
 * iterations because the two-phase path at a million accounts still speeds up in the third.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 3)
public class LedgerEngineBenchmark {

    /** New single-phase transfers between existing accounts. */
    @Benchmark
    @OperationsPerInvocation(LedgerFixture.TRANSFERS_PER_BATCH)
    public void createTransfers(TransferWorkload workload, Blackhole blackhole) {
        blackhole.consume(workload.applyNextBatch());
    }

    /** Half new pending transfers, half posts of the previous batch's pending transfers. */
    @Benchmark
    @OperationsPerInvocation(LedgerFixture.TRANSFERS_PER_BATCH)
    public void pendingAndPost(TwoPhaseWorkload workload, Blackhole blackhole) {
        blackhole.consume(workload.applyNextBatch());
    }
}
