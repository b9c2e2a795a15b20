package dev.settle.metrics;

import dev.settle.health.DiskSpace;
import dev.settle.store.LedgerStore.PropertyScope;
import dev.settle.store.LedgerStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * RocksDB's figures, read as properties at scrape time (RocksDB's statistics object would cost
 * on every write), and the data directory's free space.
 */
public final class StoreMetrics {
    private StoreMetrics() {}

    public static void bind(MeterRegistry registry, LedgerStore store, DiskSpace disk) {
        bytes(registry, store, "settle.rocksdb.live.data", "rocksdb.estimate-live-data-size", PropertyScope.SUM_OF_COLUMN_FAMILIES,
                "Estimated size of live data");
        bytes(registry, store, "settle.rocksdb.sst.files", "rocksdb.total-sst-files-size", PropertyScope.SUM_OF_COLUMN_FAMILIES,
                "Size of all SST files");
        bytes(registry, store, "settle.rocksdb.memtables", "rocksdb.cur-size-all-mem-tables", PropertyScope.SUM_OF_COLUMN_FAMILIES,
                "Size of the memtables");
        bytes(registry, store, "settle.rocksdb.pending.compaction", "rocksdb.estimate-pending-compaction-bytes",
                PropertyScope.SUM_OF_COLUMN_FAMILIES, "Bytes compaction estimates it must rewrite (write stalls grow with it)");
        bytes(registry, store, "settle.rocksdb.block.cache.usage", "rocksdb.block-cache-usage", PropertyScope.DATABASE,
                "Memory in the block cache");
        count(registry, store, "settle.rocksdb.running.compactions", "rocksdb.num-running-compactions",
                "Compactions running");
        count(registry, store, "settle.rocksdb.running.flushes", "rocksdb.num-running-flushes", "Flushes running");
        count(registry, store, "settle.rocksdb.write.stopped", "rocksdb.is-write-stopped",
                "1 while RocksDB stops writes (too many files or pending compaction)");
        count(registry, store, "settle.rocksdb.background.errors", "rocksdb.background-errors",
                "Background errors since start (a disk full or an I/O error stops writes)");
        Gauge.builder("settle.rocksdb.delayed.write.rate", store,
                s -> s.longProperty("rocksdb.actual-delayed-write-rate", PropertyScope.DATABASE)).baseUnit("bytes_per_second")
                .description("The write rate RocksDB throttles to, 0 when it does not").register(registry);
        Gauge.builder("settle.disk.free", disk, DiskSpace::freeBytes).baseUnit(BaseUnits.BYTES)
                .description("Usable space on the data directory's file system").register(registry);
        Gauge.builder("settle.disk.total", disk, DiskSpace::totalBytes).baseUnit(BaseUnits.BYTES)
                .description("Size of the data directory's file system").register(registry);
    }

    private static void bytes(MeterRegistry registry, LedgerStore store, String name, String property,
            PropertyScope scope, String description) {
        Gauge.builder(name, store, s -> s.longProperty(property, scope)).baseUnit(BaseUnits.BYTES)
                .description(description).register(registry);
    }

    private static void count(MeterRegistry registry, LedgerStore store, String name, String property,
            String description) {
        Gauge.builder(name, store, s -> s.longProperty(property, PropertyScope.DATABASE)).description(description)
                .register(registry);
    }
}
