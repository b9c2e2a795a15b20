package dev.settle.store;

import static dev.settle.store.StoreContent.bytes;
import static dev.settle.store.StoreContent.get;
import static dev.settle.store.StoreContent.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSwapConcurrencyTest {
    private static final long SWAP_TEST_MILLIS_MAX = 10_000;
    private static final int SWAPS = 6;

    @TempDir
    Path temporary;

    @Test
    void anIteratorOpenInAnotherThreadDelaysTheSwapUntilItIsClosed() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(temporary.resolve("data"), StoreOptions.defaults())) {
            put(store, ColumnFamily.ACCOUNTS, "a", "1");
            store.checkpoint(checkpoint);
            put(store, ColumnFamily.ACCOUNTS, "b", "after the checkpoint");
            CountDownLatch opened = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> seen = new ArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
                    it.seekToFirst();
                    opened.countDown();
                    await(release);
                    // The swap is waiting for this iterator: this thread's further calls pass.
                    seen.add(get(store, ColumnFamily.ACCOUNTS, "b"));
                    try (StoreIterator nested = store.iterator(ColumnFamily.TRANSFERS)) {
                        nested.seekToFirst();
                    }
                    for (; it.isValid(); it.next()) {
                        seen.add(new String(it.key(), StandardCharsets.US_ASCII));
                    }
                    it.checkStatus();
                }
            });
            assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> store.replaceWith(checkpoint));
            Thread.sleep(300);
            assertThat(swap).isNotDone();
            release.countDown();
            reader.join(5_000);
            swap.get(10, TimeUnit.SECONDS);

            // The old database, to the end of the iteration.
            assertThat(seen).containsExactly("after the checkpoint", "a", "b");
            assertThat(get(store, ColumnFamily.ACCOUNTS, "b")).isNull();
            assertThat(get(store, ColumnFamily.ACCOUNTS, "a")).isEqualTo("1");
        }
    }

    @Test
    void aSwapGivesUpWhenAnIteratorStaysOpenAndTheStoreKeepsItsState() throws Exception {
        Path checkpoint = temporary.resolve("checkpoint");
        Path data = temporary.resolve("data");
        try (LedgerStore store = LedgerStore.open(data, StoreOptions.defaults())) {
            store.checkpoint(checkpoint);
            put(store, ColumnFamily.ACCOUNTS, "b", "after the checkpoint");
            CountDownLatch opened = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
                    it.seekToFirst();
                    opened.countDown();
                    await(release);
                }
            });
            assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> store.replaceWith(checkpoint, 200)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("still in use after 200 ms").hasMessageContaining("keeps its state");
            release.countDown();
            reader.join(5_000);

            assertThat(get(store, ColumnFamily.ACCOUNTS, "b")).isEqualTo("after the checkpoint");
            assertThat(data.resolve(SnapshotSwap.STAGING)).doesNotExist();
            store.replaceWith(checkpoint);
            assertThat(get(store, ColumnFamily.ACCOUNTS, "b")).isNull();
        }
    }

    @Test
    void aSwapFromAThreadThatHoldsAnIteratorIsRefusedInsteadOfWaitingForItself() {
        Path checkpoint = temporary.resolve("checkpoint");
        try (LedgerStore store = LedgerStore.open(temporary.resolve("data"), StoreOptions.defaults())) {
            store.checkpoint(checkpoint);
            try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
                it.seekToFirst();
                assertThatThrownBy(() -> store.replaceWith(checkpoint)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("holds one of the store's iterators");
                assertThatThrownBy(store::close).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void aClosedStoreRefusesCallsInsteadOfCrashing() {
        LedgerStore store = LedgerStore.open(temporary.resolve("data"), StoreOptions.defaults());
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get(ColumnFamily.ACCOUNTS, bytes("a"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.iterator(ColumnFamily.ACCOUNTS)).isInstanceOf(StoreException.class);
        assertThat(store.longProperty("rocksdb.estimate-num-keys", LedgerStore.PropertyScope.DATABASE)).isEqualTo(-1);
        assertThat(store.property("rocksdb.stats")).isEmpty();
    }

    /**
     * Writers put two keys with the same value in one batch; readers check through iterators
     * (each reads one consistent state) that the two are always equal, and call every other
     * read. Meanwhile the store is replaced several times by two checkpoints in turn.
     */
    @Test
    void readersAndWritersNeverFailWhileTheStoreIsReplacedSeveralTimes() throws Exception {
        Path[] checkpoints = {temporary.resolve("checkpoint-0"), temporary.resolve("checkpoint-1")};
        try (LedgerStore store = LedgerStore.open(temporary.resolve("data"), StoreOptions.defaults())) {
            for (int i = 0; i < checkpoints.length; i++) {
                writePair(store, "checkpoint " + i, true);
                store.checkpoint(checkpoints[i]);
            }
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            List<Thread> threads = List.of(
                    loop(running, failures, () -> writePair(store, "synced " + writes.incrementAndGet(), true)),
                    loop(running, failures, () -> writePair(store, "unsynced " + writes.incrementAndGet(), false)),
                    loop(running, failures, () -> checkPairEqual(store, reads)),
                    loop(running, failures, () -> readEverythingElse(store, reads)));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWAP_TEST_MILLIS_MAX);
            int swaps = 0;
            for (; swaps < SWAPS && System.nanoTime() < deadline && failures.isEmpty(); swaps++) {
                Thread.sleep(50);
                store.replaceWith(checkpoints[swaps % 2]);
            }
            Thread.sleep(50);
            running.set(false);
            for (Thread thread : threads) {
                thread.join(5_000);
                assertThat(thread.isAlive()).isFalse();
            }

            assertThat(failures).isEmpty();
            assertThat(swaps).isEqualTo(SWAPS);
            assertThat(reads.get()).isPositive();
            assertThat(writes.get()).isPositive();
            store.replaceWith(checkpoints[1]);
            assertThat(get(store, ColumnFamily.ACCOUNTS, "x")).isEqualTo("checkpoint 1");
            writePair(store, "last", true);
            assertThat(get(store, ColumnFamily.ACCOUNTS, "y")).isEqualTo("last");
        }
    }

    private static void writePair(LedgerStore store, String value, boolean synced) {
        int accounts = store.columnFamilyIds()[ColumnFamily.ACCOUNTS.ordinal()];
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(accounts, bytes("x"), bytes(value));
        rep.put(accounts, bytes("y"), bytes(value));
        if (synced) {
            store.write(rep.toBytes());
        } else {
            store.writeUnsynced(rep.toBytes());
        }
    }

    private static void checkPairEqual(LedgerStore store, AtomicLong reads) {
        String x = null;
        String y = null;
        try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.US_ASCII);
                String value = new String(it.value(), StandardCharsets.US_ASCII);
                if (key.equals("x")) {
                    x = value;
                } else if (key.equals("y")) {
                    y = value;
                }
            }
            it.checkStatus();
        }
        assertThat(x).isNotNull().isEqualTo(y);
        reads.incrementAndGet();
    }

    private static void readEverythingElse(LedgerStore store, AtomicLong reads) {
        assertThat(get(store, ColumnFamily.ACCOUNTS, "x")).isNotNull();
        assertThat(store.multiGet(ColumnFamily.ACCOUNTS, List.of(bytes("x"), bytes("y")))).doesNotContainNull();
        store.scan(ColumnFamily.ACCOUNTS, (key, value) -> { });
        try (StoreIterator it = store.iterator(ColumnFamily.ACCOUNTS)) {
            it.seekToLast();
            assertThat(it.isValid()).isTrue();
            it.prev();
            it.seekForPrev(bytes("y"));
            assertThat(it.key()).isEqualTo(bytes("y"));
        }
        store.property(ColumnFamily.ACCOUNTS, "rocksdb.estimate-num-keys");
        store.longProperty("rocksdb.estimate-live-data-size", LedgerStore.PropertyScope.SUM_OF_COLUMN_FAMILIES);
        reads.incrementAndGet();
    }

    private static Thread loop(AtomicBoolean running, Queue<Throwable> failures, Runnable step) {
        return Thread.ofPlatform().start(() -> {
            try {
                while (running.get()) {
                    step.run();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
