package dev.settle.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every store call pays to pass the store's swap gate ({@link SwapGate#enter} and
 * {@link SwapGate#exit}), beside what a {@code ReentrantReadWriteLock}'s read lock would cost.
 * Run with {@code -t 1} (uncontended) and {@code -t 2} (two threads calling the store at once,
 * the shared-word case). In package {@code dev.settle.store} because the gate is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SwapGateBenchmark {
    private final SwapGate gate = new SwapGate();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @Benchmark
    public int gate() {
        int slot = gate.enter();
        gate.exit(slot);
        return slot;
    }

    @Benchmark
    public boolean readWriteLock() {
        lock.readLock().lock();
        lock.readLock().unlock();
        return true;
    }
}
