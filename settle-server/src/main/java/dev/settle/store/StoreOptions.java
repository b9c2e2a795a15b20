package dev.settle.store;

/**
 * Tuning of the embedded RocksDB. Durability is not a setting: every batch is written with
 * sync=true.
 *
 * @param blockCacheBytes shared block cache for all column families
 * @param writeBufferBytes memtable size per column family before it is flushed to a file
 * @param backgroundJobsMax RocksDB flush and compaction threads
 */
public record StoreOptions(long blockCacheBytes, long writeBufferBytes, int backgroundJobsMax) {
    public static final long BLOCK_CACHE_BYTES_DEFAULT = 128L << 20;
    public static final long WRITE_BUFFER_BYTES_DEFAULT = 64L << 20;
    public static final int BACKGROUND_JOBS_DEFAULT = 2;

    public StoreOptions {
        if (blockCacheBytes < (8L << 20)) {
            throw new IllegalArgumentException("block cache must be at least 8 MiB, got " + blockCacheBytes);
        }
        if (writeBufferBytes < (4L << 20) || writeBufferBytes > (1L << 30)) {
            throw new IllegalArgumentException("write buffer must be 4 MiB..1 GiB, got " + writeBufferBytes);
        }
        if (backgroundJobsMax < 1 || backgroundJobsMax > 16) {
            throw new IllegalArgumentException("background jobs must be 1..16, got " + backgroundJobsMax);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(BLOCK_CACHE_BYTES_DEFAULT, WRITE_BUFFER_BYTES_DEFAULT, BACKGROUND_JOBS_DEFAULT);
    }
}
