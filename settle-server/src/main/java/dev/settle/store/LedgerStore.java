package dev.settle.store;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database of a data directory: its column families, synced batch writes and
 * reads. Opening checks that the directory is a Settle store of a format this build reads, and
 * turns RocksDB's errors into messages that say what is wrong and what to do.
 */
public final class LedgerStore implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerStore.class);
    /** Bounds the write-ahead logs that a rarely written column family keeps alive. */
    private static final long WAL_TOTAL_BYTES_MAX = 256L << 20;
    private static final int BLOOM_BITS_PER_KEY = 10;
    /** See {@link #familyOptions}: balances are rewritten every batch; small memtables keep that cheap. */
    private static final long BALANCES_WRITE_BUFFER_BYTES = 4L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> familyOptions;
    private final Cache cache;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions syncWrites;
    private final WriteOptions unsyncedWrites;
    private final ReadOptions reads;
    private final int[] columnFamilyIds;
    private final boolean readOnly;
    private final StoreOptions options;
    /** Set first when closing: readers of metrics then stop calling into the closed database. */
    private volatile boolean closed;

    private LedgerStore(Path directory, RocksDB db, DBOptions dbOptions, List<ColumnFamilyOptions> familyOptions,
            Cache cache, List<ColumnFamilyHandle> handles, boolean readOnly, StoreOptions options) {
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.familyOptions = familyOptions;
        this.cache = cache;
        this.handles = handles;
        this.readOnly = readOnly;
        this.options = options;
        this.syncWrites = new WriteOptions().setSync(true);
        // Only for state that can be redone from synced state (webhook delivery bookkeeping, event
        // expiry): never for a ledger batch, an idempotency record or anything acknowledged.
        this.unsyncedWrites = new WriteOptions().setSync(false);
        this.reads = new ReadOptions();
        this.columnFamilyIds = handles.stream().mapToInt(ColumnFamilyHandle::getID).toArray();
    }

    /** Opens (creating it when the directory is empty or missing) the store for reading and writing. */
    public static LedgerStore open(Path directory, StoreOptions options) {
        boolean fresh = prepareDirectory(directory);
        restrictModes(directory, ModeCheck.BEFORE_OPEN);
        LedgerStore store = openDatabase(directory, options, Access.READ_WRITE);
        try {
            restrictModes(directory, ModeCheck.AFTER_OPEN);
            store.checkFormat(fresh ? Directory.FRESH : Directory.EXISTING);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens an existing store without taking its lock or writing to it (for verification). */
    public static LedgerStore openReadOnly(Path directory) {
        if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
            throw new StoreException("no Settle data directory at " + directory + " (no RocksDB CURRENT file)");
        }
        LedgerStore store = openDatabase(directory, StoreOptions.defaults(), Access.READ_ONLY);
        try {
            store.checkFormat(Directory.EXISTING);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Returns true when the directory is new; refuses a non-empty directory that is not a store. */
    private static boolean prepareDirectory(Path directory) {
        try {
            if (Files.isRegularFile(directory.resolve("CURRENT"))) {
                return false;
            }
            if (Files.exists(directory)) {
                if (!Files.isDirectory(directory)) {
                    throw new StoreException(directory + " is not a directory");
                }
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new StoreException(directory + " is not empty and is not a Settle data directory"
                                + " (no RocksDB CURRENT file); use an empty or new directory");
                    }
                }
            }
            OwnerOnly.createDirectory(directory);
            return true;
        } catch (IOException e) {
            throw new StoreException("cannot use data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private enum Access { READ_WRITE, READ_ONLY }

    /** When {@link #restrictModes} runs: what it says about what it changed differs. */
    private enum ModeCheck { BEFORE_OPEN, AFTER_OPEN, AFTER_CLOSE }

    /**
     * Makes the directory and everything in it owner-only (see {@link OwnerOnly}). Before opening it
     * fixes what an older Settle (0755 and 0644) or a copy left, and says so; after opening it
     * fixes RocksDB's new files and warns once when the process's umask lets others read them.
     */
    private static void restrictModes(Path directory, ModeCheck when) {
        try {
            int changed = OwnerOnly.restrict(directory);
            if (when == ModeCheck.BEFORE_OPEN && changed > 0) {
                LOG.warn("data directory {}: made {} files and directories owner-only (0700 and 0600)", directory,
                        changed);
            }
            if (when == ModeCheck.AFTER_OPEN && OwnerOnly.umaskLetsOthersRead(directory)) {
                LOG.warn("the process's umask lets other users read new files: RocksDB's files created while"
                        + " Settle runs are only protected by the data directory's 0700 until the next start or"
                        + " stop fixes them; start Settle with ./settle, or set umask 077");
            }
        } catch (IOException e) {
            throw new StoreException("cannot make data directory " + directory + " owner-only (0700 and 0600): "
                    + e.getMessage(), e);
        }
    }

    /** Whether opening found the directory empty (a new store gets its format marker) or not. */
    private enum Directory { FRESH, EXISTING }

    private static LedgerStore openDatabase(Path directory, StoreOptions options, Access access) {
        boolean readOnly = access == Access.READ_ONLY;
        Cache cache = new LRUCache(options.blockCacheBytes());
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(!readOnly)
                .setCreateMissingColumnFamilies(!readOnly)
                .setMaxBackgroundJobs(options.backgroundJobsMax())
                .setBytesPerSync(1L << 20)
                .setMaxTotalWalSize(WAL_TOTAL_BYTES_MAX)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setParanoidChecks(true)
                // Replay the write-ahead log into memtables at open without flushing them to files
                // first: start-up then costs the replay only (flushes happen later, in the background).
                .setAvoidFlushDuringRecovery(true);
        List<ColumnFamilyOptions> familyOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : StoreLayout.COLUMN_FAMILIES) {
            ColumnFamilyOptions family = familyOptions(name, options, cache);
            familyOptions.add(family);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), family));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = readOnly
                    ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
                    : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            return new LedgerStore(directory, db, dbOptions, familyOptions, cache, handles, readOnly, options);
        } catch (RocksDBException e) {
            familyOptions.forEach(ColumnFamilyOptions::close);
            dbOptions.close();
            cache.close();
            throw explainOpenFailure(directory, e);
        }
    }

    /**
     * Per column family: the balances table rewrites the same keys every batch, so it gets small
     * memtables (few versions to skip over on insert, old versions dropped at flush); tables read
     * only by existing keys or prefixes get no Bloom filter (it would only cost CPU at flush).
     */
    private static ColumnFamilyOptions familyOptions(String name, StoreOptions options, Cache cache) {
        boolean pointLookupsOfAbsentKeys = name.equals(StoreLayout.TRANSFER_IDS) || name.equals(StoreLayout.ACCOUNTS)
                || name.equals(StoreLayout.BALANCES) || name.equals(StoreLayout.TRANSACTIONS);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        if (pointLookupsOfAbsentKeys) {
            table.setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY, false));
        }
        long writeBuffer = name.equals(StoreLayout.BALANCES)
                ? Math.min(options.writeBufferBytes(), BALANCES_WRITE_BUFFER_BYTES)
                : options.writeBufferBytes();
        return new ColumnFamilyOptions()
                .setWriteBufferSize(writeBuffer)
                .setMaxWriteBufferNumber(4)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true)
                .setTableFormatConfig(table);
    }

    private static StoreException explainOpenFailure(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("lock") || message.contains("LOCK")) {
            return new StoreException("data directory " + directory + " is in use by another Settle process"
                    + " (stop it first)", e);
        }
        if (message.contains("Corruption") || message.contains("corrupt")) {
            return new StoreException("data directory " + directory + " is corrupt: " + message
                    + "; restore it from a backup", e);
        }
        if (message.contains("No space left")) {
            return new StoreException("data directory " + directory + ": the disk is full", e);
        }
        return new StoreException("cannot open data directory " + directory + ": " + message, e);
    }

    private void checkFormat(Directory directoryFound) {
        byte[] format = get(ColumnFamily.DEFAULT, StoreLayout.FORMAT_KEY);
        if (format == null && directoryFound == Directory.FRESH && !readOnly) {
            write(formatBatch());
            return;
        }
        if (format == null) {
            throw new StoreException("data directory " + directory + " has no Settle format marker;"
                    + " it was not written by Settle");
        }
        String found = new String(format, StandardCharsets.US_ASCII);
        if (!found.equals(StoreLayout.FORMAT)) {
            throw new StoreException("data directory " + directory + " has format '" + found + "'; this Settle reads '"
                    + StoreLayout.FORMAT + "'. Use the Settle version that wrote it.");
        }
    }

    private byte[] formatBatch() {
        WriteBatchRep rep = new WriteBatchRep();
        rep.put(0, StoreLayout.FORMAT_KEY, StoreLayout.FORMAT.getBytes(StandardCharsets.US_ASCII));
        return rep.toBytes();
    }

    public StoreOptions options() {
        return options;
    }

    public Path directory() {
        return directory;
    }

    /** RocksDB's id of each column family, indexed by {@link ColumnFamily#ordinal()}. */
    public int[] columnFamilyIds() {
        return columnFamilyIds.clone();
    }

    /** Writes one serialized batch atomically and durably (fsync before returning). */
    public void write(byte[] serializedBatch) {
        write(syncWrites, serializedBatch);
    }

    /**
     * Writes one serialized batch atomically without waiting for the disk: it survives a crash of
     * the process (the log is written before returning), and a power loss once any later synced
     * write returns. For bookkeeping that can be redone, such as webhook delivery state.
     */
    public void writeUnsynced(byte[] serializedBatch) {
        write(unsyncedWrites, serializedBatch);
    }

    private void write(WriteOptions writeOptions, byte[] serializedBatch) {
        if (readOnly) {
            throw new IllegalStateException("store opened read-only");
        }
        try (WriteBatch batch = new WriteBatch(serializedBatch)) {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            String message = String.valueOf(e.getMessage());
            String reason = message.contains("No space left") ? "the disk is full" : message;
            throw new StoreException("write to data directory " + directory + " failed: " + reason, e);
        }
    }

    public byte[] get(ColumnFamily family, byte[] key) {
        try {
            return db.get(handle(family), reads, key);
        } catch (RocksDBException e) {
            throw new StoreException("read from data directory " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /** Values for many keys of one column family, in key order of the request; null where absent. */
    public List<byte[]> multiGet(ColumnFamily family, List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> families = Arrays.asList(new ColumnFamilyHandle[keys.size()]);
        families.replaceAll(ignored -> handle(family));
        try {
            return db.multiGetAsList(reads, families, keys);
        } catch (RocksDBException e) {
            throw new StoreException("read from data directory " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /** A new iterator over a column family; the caller closes it. */
    public RocksIterator iterator(ColumnFamily family) {
        return db.newIterator(handle(family), reads);
    }

    /** Visits every record of a column family in key order (small families: tenants, idempotency keys). */
    public void scan(ColumnFamily family, java.util.function.BiConsumer<byte[], byte[]> visitor) {
        try (RocksIterator it = iterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
            StoreRecovery.checkIterator(it);
        }
    }

    /** Flushes memtables to files (used before measuring start-up, and by tests). */
    public void flush() {
        try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new StoreException("flush of data directory " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Compacts a whole column family down to its last level, so that no overwritten or deleted
     * version of its records remains in the files (after secrets were re-sealed).
     */
    public void compact(ColumnFamily family) {
        try (org.rocksdb.CompactRangeOptions options = new org.rocksdb.CompactRangeOptions()
                .setBottommostLevelCompaction(org.rocksdb.CompactRangeOptions.BottommostLevelCompaction.kForce)) {
            db.compactRange(handle(family), null, null, options);
        } catch (RocksDBException e) {
            throw new StoreException("compaction of data directory " + directory + " failed: " + e.getMessage(), e);
        }
    }

    public String property(ColumnFamily family, String name) {
        try {
            return db.getProperty(handle(family), name);
        } catch (RocksDBException e) {
            return "";
        }
    }

    public String property(String name) {
        try {
            return db.getProperty(name);
        } catch (RocksDBException e) {
            return "";
        }
    }

    /** Whether a RocksDB property is read for the whole database or summed over its column families. */
    public enum PropertyScope { DATABASE, SUM_OF_COLUMN_FAMILIES }

    /**
     * A numeric RocksDB property ({@code rocksdb.estimate-live-data-size}) in {@code scope}; -1
     * when unknown or closed.
     */
    public long longProperty(String name, PropertyScope scope) {
        if (closed) {
            return -1;
        }
        try {
            return scope == PropertyScope.SUM_OF_COLUMN_FAMILIES ? db.getAggregatedLongProperty(name)
                    : db.getLongProperty(name);
        } catch (RocksDBException e) {
            return -1;
        }
    }

    ColumnFamilyHandle handle(ColumnFamily family) {
        return handles.get(family.ordinal());
    }

    /**
     * Closes the database. A writable store flushes its memtables first, so that the next start
     * has no write-ahead log to replay (after a crash it replays at most {@link #WAL_TOTAL_BYTES_MAX}).
     */
    @Override
    public void close() {
        closed = true;
        if (!readOnly) {
            try {
                flush();
            } catch (StoreException e) {
                // The data is safe in the write-ahead log; the next start replays it.
            }
        }
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        syncWrites.close();
        unsyncedWrites.close();
        reads.close();
        familyOptions.forEach(ColumnFamilyOptions::close);
        dbOptions.close();
        cache.close();
        if (!readOnly) {
            try {
                OwnerOnly.restrict(directory);
            } catch (IOException e) {
                LOG.warn("could not make data directory {} owner-only after closing it: {}", directory,
                        e.getMessage());
            }
        }
    }
}
