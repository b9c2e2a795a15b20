package dev.settle.store;

/**
 * Tuning of the embedded RocksDB. Durability is not a setting: every batch is written with
 * sync=true.
 *
 * @param blockCacheBytes shared block cache for all column families
 * @param writeBufferBytes memtable size per column family before it is flushed to a file
 * @param backgroundJobsMax RocksDB flush and compaction threads
 * @param checkpointBatches batches between balance checkpoints (see {@link StoreLayout}): fewer
 *     means a shorter journal to replay at start, more means fewer balance records written
 */
public record StoreOptions(long blockCacheBytes, long writeBufferBytes, int backgroundJobsMax, int checkpointBatches) {
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
        if (checkpointBatches < 1 || checkpointBatches > CHECKPOINT_BATCHES_MAX) {
            throw new IllegalArgumentException("checkpoint interval must be 1.." + CHECKPOINT_BATCHES_MAX
                    + " batches, got " + checkpointBatches);
        }
    }

    public static final int CHECKPOINT_BATCHES_MAX = 4096;

    public static StoreOptions defaults() {
        return new StoreOptions(BLOCK_CACHE_BYTES_DEFAULT, WRITE_BUFFER_BYTES_DEFAULT, BACKGROUND_JOBS_DEFAULT,
                StoreLayout.CHECKPOINT_BATCHES);
    }

    public StoreOptions withCheckpointBatches(int batches) {
        return new StoreOptions(blockCacheBytes, writeBufferBytes, backgroundJobsMax, batches);
    }
}
