package dev.settle.jmh;

import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import dev.settle.store.WriteBatchRep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the store's swap gate (every call passes it, so that {@code replaceWith} can swap the
 * database under them) costs the cheapest calls: a point read that hits the memtable and an
 * unsynced one-record write. Run it on a commit before the gate for the difference, with
 * {@code -t 1} and {@code -t 2} (docs/benchmarks.md). {@link #readLockAlone} is the alternative
 * the gate replaced, a {@code ReentrantReadWriteLock}'s read lock: cheap alone, ~10× dearer when
 * two threads take it at once (they share one word).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class LedgerStoreCallBenchmark {
    private static final int KEYS = 1 << 14;

    private Path directory;
    private LedgerStore store;
    private byte[][] keys;
    private byte[][] writes;
    private int next;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("settle-store-call");
        store = LedgerStore.open(directory.resolve("data"), StoreOptions.defaults());
        int accounts = store.columnFamilyIds()[ColumnFamily.ACCOUNTS.ordinal()];
        keys = new byte[KEYS][];
        writes = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = new byte[20];
            keys[i][16] = (byte) (i >>> 8);
            keys[i][17] = (byte) i;
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(accounts, keys[i], new byte[64]);
            writes[i] = rep.toBytes();
            store.writeUnsynced(writes[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public byte[] get() {
        next = (next + 1) & (KEYS - 1);
        return store.get(ColumnFamily.ACCOUNTS, keys[next]);
    }

    @Benchmark
    public void writeUnsynced() {
        next = (next + 1) & (KEYS - 1);
        store.writeUnsynced(writes[next]);
    }

    /** A {@code ReentrantReadWriteLock}'s read lock alone, taken and released (no store call). */
    @Benchmark
    public int readLockAlone() {
        lock.readLock().lock();
        try {
            return next;
        } finally {
            lock.readLock().unlock();
        }
    }
}
