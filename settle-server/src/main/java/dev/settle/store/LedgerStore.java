package dev.settle.store;

import dev.settle.store.StoreLayout.ColumnFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database of a data directory: its column families, synced batch writes and
 * reads. Opening checks that the directory is a Settle store of a format this build reads, and
 * turns RocksDB's errors into messages that say what is wrong and what to do.
 *
 * <p><b>Snapshots.</b> {@link #checkpoint} writes a RocksDB checkpoint of the open store;
 * {@link #replaceWith} swaps the store's whole content for such a checkpoint while this object
 * stays the one everybody holds (a Raft follower installing its leader's snapshot). Every read
 * and write passes a read-write gate ({@link SwapGate}) for its duration (an iterator until it is
 * closed); a swap holds it exclusively, so no call ever runs against a closed database and no
 * batch is half-written when the swap starts. The swap is crash-safe: see {@link #replaceWith}.
 */
public final class LedgerStore implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerStore.class);
    /** Bounds the write-ahead logs that a rarely written column family keeps alive. */
    private static final long WAL_TOTAL_BYTES_MAX = 256L << 20;
    private static final int BLOOM_BITS_PER_KEY = 10;
    /** See {@link #familyOptions}: balances are rewritten every batch; small memtables keep that cheap. */
    private static final long BALANCES_WRITE_BUFFER_BYTES = 4L << 20;
    /**
     * How long {@link #replaceWith} and {@link #close} wait for the calls and iterators in flight
     * to end. While a swap waits, new calls from other threads wait behind it; a longer hold is a
     * leaked or misused {@link StoreIterator}, and the swap then gives up instead of hanging.
     */
    public static final long SWAP_WAIT_MILLIS_MAX = 30_000;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final StoreOptions options;
    private final boolean readOnly;
    /** Settle's lock on the directory, held from open to close across swaps; null when read-only. */
    private final DirectoryLock directoryLock;
    private final WriteOptions syncWrites;
    private final WriteOptions unsyncedWrites;
    private final ReadOptions reads;
    /** Fixed at open; a swap refuses a snapshot whose ids differ, so it never changes. */
    private final int[] columnFamilyIds;
    /** Passed by every call and open iterator; held exclusively by a swap or the close. */
    private final SwapGate gate = new SwapGate();
    /** One {@link #replaceWith} at a time (they share the staging directory). */
    private final ReentrantLock replacing = new ReentrantLock();
    /** The open database, read inside the gate; replaced only while the gate is held exclusively; null when unusable. */
    private volatile Database database;
    /** Why {@link #database} is null (closed, or a swap that failed half-way); set before it is nulled. */
    private volatile String unusableReason;
    /** Written only while the gate is held exclusively: the options and the directory lock are released once. */
    private boolean released;
    /** Set first when closing: readers of metrics then stop calling into the closed database. */
    private volatile boolean closed;

    private LedgerStore(Path directory, Database database, DirectoryLock directoryLock, boolean readOnly,
            StoreOptions options) {
        this.directory = directory;
        this.database = database;
        this.directoryLock = directoryLock;
        this.readOnly = readOnly;
        this.options = options;
        this.syncWrites = new WriteOptions().setSync(true);
        // Only for state that can be redone from something synced: webhook delivery bookkeeping and
        // event expiry, and a replicated pod's batches, whose synced copy is the Raft log on a
        // majority (decision 0014: the applied index in the same write says where the log replays
        // from). Never for a single node's ledger batch, idempotency record or anything acknowledged.
        this.unsyncedWrites = new WriteOptions().setSync(false);
        this.reads = new ReadOptions();
        this.columnFamilyIds = database.ids();
    }

    /**
     * Opens (creating it when the directory is empty or missing) the store for reading and
     * writing. Before RocksDB opens it, a snapshot swap that a crash interrupted is finished (or,
     * when it had not reached its commit point, its staged files are deleted): see {@link #replaceWith}.
     */
    public static LedgerStore open(Path directory, StoreOptions options) {
        boolean fresh = prepareDirectory(directory);
        DirectoryLock lock = DirectoryLock.acquire(directory);
        Database database;
        try {
            SnapshotSwap.recover(directory);
            restrictModes(directory, ModeCheck.BEFORE_OPEN);
            database = Database.open(directory, options, Access.READ_WRITE);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        LedgerStore store = new LedgerStore(directory, database, lock, false, options);
        try {
            restrictModes(directory, ModeCheck.AFTER_OPEN);
            store.checkFormat(database, fresh ? Directory.FRESH : Directory.EXISTING);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens an existing store without taking its lock or writing to it (for verification). */
    public static LedgerStore openReadOnly(Path directory) {
        if (SnapshotSwap.pending(directory)) {
            throw new StoreException("data directory " + directory + " is in the middle of a snapshot swap that was"
                    + " interrupted (" + SnapshotSwap.MARKER + "); start Settle on it once, which finishes the swap");
        }
        if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
            throw new StoreException("no Settle data directory at " + directory + " (no RocksDB CURRENT file)");
        }
        Database database = Database.open(directory, StoreOptions.defaults(), Access.READ_ONLY);
        LedgerStore store = new LedgerStore(directory, database, null, true, StoreOptions.defaults());
        try {
            store.checkFormat(database, Directory.EXISTING);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Returns true when the directory is new; refuses a non-empty directory that is not a store.
     * A directory whose swap stopped half-way may lack CURRENT for a while: its marker says it is a store.
     */
    private static boolean prepareDirectory(Path directory) {
        try {
            if (Files.isRegularFile(directory.resolve("CURRENT")) || SnapshotSwap.pending(directory)) {
                return false;
            }
            if (Files.exists(directory)) {
                if (!Files.isDirectory(directory)) {
                    throw new StoreException(directory + " is not a directory");
                }
                try (Stream<Path> entries = Files.list(directory)) {
                    // Settle's own lock file alone is what a crash during the first open leaves.
                    if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(DirectoryLock.FILE_NAME))) {
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
    private enum ModeCheck { BEFORE_OPEN, AFTER_OPEN, AFTER_SWAP }

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

    /**
     * The RocksDB handles of one open database. A swap closes one and opens the next; everything
     * else of the store (options, locks, ids) outlives it.
     */
    private static final class Database {
        final RocksDB rocks;
        private final DBOptions dbOptions;
        private final List<ColumnFamilyOptions> familyOptions;
        private final Cache cache;
        private final List<ColumnFamilyHandle> handles;

        private Database(RocksDB rocks, DBOptions dbOptions, List<ColumnFamilyOptions> familyOptions, Cache cache,
                List<ColumnFamilyHandle> handles) {
            this.rocks = rocks;
            this.dbOptions = dbOptions;
            this.familyOptions = familyOptions;
            this.cache = cache;
            this.handles = handles;
        }

        static Database open(Path directory, StoreOptions options, Access access) {
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
                RocksDB rocks = readOnly
                        ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
                        : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
                return new Database(rocks, dbOptions, familyOptions, cache, handles);
            } catch (RocksDBException e) {
                familyOptions.forEach(ColumnFamilyOptions::close);
                dbOptions.close();
                cache.close();
                throw explainOpenFailure(directory, e);
            }
        }

        ColumnFamilyHandle handle(ColumnFamily family) {
            return handles.get(family.ordinal());
        }

        /** RocksDB's id of each column family, indexed by {@link ColumnFamily#ordinal()}. */
        int[] ids() {
            return handles.stream().mapToInt(ColumnFamilyHandle::getID).toArray();
        }

        byte[] format() {
            try {
                return rocks.get(handle(ColumnFamily.DEFAULT), StoreLayout.FORMAT_KEY);
            } catch (RocksDBException e) {
                throw new StoreException("cannot read the format marker: " + e.getMessage(), e);
            }
        }

        void close() {
            handles.forEach(ColumnFamilyHandle::close);
            rocks.close();
            familyOptions.forEach(ColumnFamilyOptions::close);
            dbOptions.close();
            cache.close();
        }
    }

    /**
     * Per column family: the balances table rewrites the same keys every batch, so it gets small
     * memtables (few versions to skip over on insert, old versions dropped at flush); tables read
     * only by existing keys or prefixes get no Bloom filter (it would only cost CPU at flush).
     */
    private static ColumnFamilyOptions familyOptions(String name, StoreOptions options, Cache cache) {
        boolean pointLookupsOfAbsentKeys = name.equals(StoreLayout.TRANSFER_IDS) || name.equals(StoreLayout.ACCOUNTS)
                || name.equals(StoreLayout.BALANCES) || name.equals(StoreLayout.TRANSACTIONS)
                || name.equals(StoreLayout.RECONCILIATION);
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

    private void checkFormat(Database open, Directory directoryFound) {
        byte[] format = open.format();
        if (format == null && directoryFound == Directory.FRESH && !readOnly) {
            write(formatBatch());
            return;
        }
        String problem = formatProblem(format);
        if (problem != null) {
            throw new StoreException("data directory " + directory + " " + problem);
        }
    }

    /** What is wrong with a store's format marker, or null when this build reads it. */
    private static String formatProblem(byte[] format) {
        if (format == null) {
            return "has no Settle format marker; it was not written by Settle";
        }
        String found = new String(format, StandardCharsets.US_ASCII);
        if (!found.equals(StoreLayout.FORMAT)) {
            return "has format '" + found + "'; this Settle reads '" + StoreLayout.FORMAT
                    + "'. Use the Settle version that wrote it.";
        }
        return null;
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

    /** RocksDB's id of each column family, indexed by {@link ColumnFamily#ordinal()}; the same across swaps. */
    public int[] columnFamilyIds() {
        return columnFamilyIds.clone();
    }

    /** The open database, inside the gate; throws when the store is closed or a swap broke it. */
    private Database open() {
        Database open = database;
        if (open == null) {
            throw new StoreException(unusableReason);
        }
        return open;
    }

    /** Writes one serialized batch atomically and durably (fsync before returning). */
    public void write(byte[] serializedBatch) {
        write(syncWrites, serializedBatch);
    }

    /**
     * Writes one serialized batch atomically without waiting for the disk: it survives a crash of
     * the process (the log is written before returning), and a power loss once any later synced
     * write returns. For what can be redone from something synced: webhook delivery state, and a
     * replicated pod's batches (their log, synced on a majority, replays what a crash took back).
     */
    public void writeUnsynced(byte[] serializedBatch) {
        write(unsyncedWrites, serializedBatch);
    }

    private void write(WriteOptions writeOptions, byte[] serializedBatch) {
        if (readOnly) {
            throw new IllegalStateException("store opened read-only");
        }
        int slot = gate.enter();
        try (WriteBatch batch = new WriteBatch(serializedBatch)) {
            open().rocks.write(writeOptions, batch);
        } catch (RocksDBException e) {
            String message = String.valueOf(e.getMessage());
            String reason = message.contains("No space left") ? "the disk is full" : message;
            throw new StoreException("write to data directory " + directory + " failed: " + reason, e);
        } finally {
            gate.exit(slot);
        }
    }

    public byte[] get(ColumnFamily family, byte[] key) {
        int slot = gate.enter();
        try {
            Database open = open();
            return open.rocks.get(open.handle(family), reads, key);
        } catch (RocksDBException e) {
            throw new StoreException("read from data directory " + directory + " failed: " + e.getMessage(), e);
        } finally {
            gate.exit(slot);
        }
    }

    /** Values for many keys of one column family, in key order of the request; null where absent. */
    public List<byte[]> multiGet(ColumnFamily family, List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        int slot = gate.enter();
        try {
            Database open = open();
            List<ColumnFamilyHandle> families = Arrays.asList(new ColumnFamilyHandle[keys.size()]);
            families.replaceAll(ignored -> open.handle(family));
            return open.rocks.multiGetAsList(reads, families, keys);
        } catch (RocksDBException e) {
            throw new StoreException("read from data directory " + directory + " failed: " + e.getMessage(), e);
        } finally {
            gate.exit(slot);
        }
    }

    /**
     * A new iterator over a column family; the caller closes it, on the same thread, and a swap
     * waits until it has (see {@link StoreIterator}).
     */
    public StoreIterator iterator(ColumnFamily family) {
        int slot = gate.enterForIterator();
        try {
            Database open = open();
            return new StoreIterator(open.rocks.newIterator(open.handle(family), reads), gate, slot);
        } catch (RuntimeException | Error e) {
            gate.exitIterator(slot);
            throw e;
        }
    }

    /** Visits every record of a column family in key order (small families: tenants, idempotency keys). */
    public void scan(ColumnFamily family, java.util.function.BiConsumer<byte[], byte[]> visitor) {
        try (StoreIterator it = iterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
            it.checkStatus();
        }
    }

    /** Flushes memtables to files (used before measuring start-up, and by tests). */
    public void flush() {
        int slot = gate.enter();
        try {
            Database open = open();
            flush(open);
        } finally {
            gate.exit(slot);
        }
    }

    private void flush(Database open) {
        try (org.rocksdb.FlushOptions flushOptions = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            open.rocks.flush(flushOptions, open.handles);
        } catch (RocksDBException e) {
            throw new StoreException("flush of data directory " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Compacts a whole column family down to its last level, so that no overwritten or deleted
     * version of its records remains in the files (after secrets were re-sealed).
     */
    public void compact(ColumnFamily family) {
        int slot = gate.enter();
        try (org.rocksdb.CompactRangeOptions compactOptions = new org.rocksdb.CompactRangeOptions()
                .setBottommostLevelCompaction(org.rocksdb.CompactRangeOptions.BottommostLevelCompaction.kForce)) {
            Database open = open();
            open.rocks.compactRange(open.handle(family), null, null, compactOptions);
        } catch (RocksDBException e) {
            throw new StoreException("compaction of data directory " + directory + " failed: " + e.getMessage(), e);
        } finally {
            gate.exit(slot);
        }
    }

    /** A RocksDB property of a column family; "" when unknown, closed or while a swap holds the store. */
    public String property(ColumnFamily family, String name) {
        int slot = gate.tryEnter();
        if (slot < 0) {
            return "";
        }
        try {
            Database open = database;
            if (open == null) {
                return "";
            }
            return open.rocks.getProperty(open.handle(family), name);
        } catch (RocksDBException e) {
            return "";
        } finally {
            gate.exit(slot);
        }
    }

    /** A RocksDB property of the database; "" when unknown, closed or while a swap holds the store. */
    public String property(String name) {
        int slot = gate.tryEnter();
        if (slot < 0) {
            return "";
        }
        try {
            Database open = database;
            if (open == null) {
                return "";
            }
            return open.rocks.getProperty(name);
        } catch (RocksDBException e) {
            return "";
        } finally {
            gate.exit(slot);
        }
    }

    /** Whether a RocksDB property is read for the whole database or summed over its column families. */
    public enum PropertyScope { DATABASE, SUM_OF_COLUMN_FAMILIES }

    /**
     * A numeric RocksDB property ({@code rocksdb.estimate-live-data-size}) in {@code scope}; -1
     * when unknown or closed, or while a swap holds the store (metrics never wait for one).
     */
    public long longProperty(String name, PropertyScope scope) {
        if (closed) {
            return -1;
        }
        int slot = gate.tryEnter();
        if (slot < 0) {
            return -1;
        }
        try {
            Database open = database;
            if (open == null) {
                return -1;
            }
            return scope == PropertyScope.SUM_OF_COLUMN_FAMILIES ? open.rocks.getAggregatedLongProperty(name)
                    : open.rocks.getLongProperty(name);
        } catch (RocksDBException e) {
            return -1;
        } finally {
            gate.exit(slot);
        }
    }

    /** The open database's handle of a column family (tests): valid until the next swap or close. */
    ColumnFamilyHandle handle(ColumnFamily family) {
        int slot = gate.enter();
        try {
            Database open = open();
            return open.handle(family);
        } finally {
            gate.exit(slot);
        }
    }

    /**
     * Writes a RocksDB checkpoint of the store into {@code target}, which must not exist or be an
     * empty directory outside the data directory (its parents are created, 0700). RocksDB flushes
     * the memtables first, then hard-links the tables (copies them when {@code target} is on
     * another file system) and copies the small metadata files. When this returns, the checkpoint
     * is owner-only (0700 and 0600) and durable: every file, the directory and its entry in its
     * parent are synced. It is a consistent state after some whole batch; writes may run meanwhile.
     */
    public void checkpoint(Path target) {
        if (readOnly) {
            throw new IllegalStateException("store opened read-only");
        }
        Path destination = prepareCheckpointDirectory(target);
        int slot = gate.enter();
        try (Checkpoint checkpoint = Checkpoint.create(open().rocks)) {
            checkpoint.createCheckpoint(destination.toString());
        } catch (RocksDBException e) {
            throw new StoreException("checkpoint of data directory " + directory + " into " + destination + " failed: "
                    + e.getMessage(), e);
        } finally {
            gate.exit(slot);
        }
        try {
            OwnerOnly.restrict(destination);
            Fsync.filesAndDirectory(destination);
            Fsync.directory(destination.getParent());
        } catch (IOException e) {
            throw new StoreException("checkpoint " + destination + " of data directory " + directory
                    + " could not be made owner-only and durable: " + e.getMessage(), e);
        }
    }

    /** Absolute path of a checkpoint's directory, absent (RocksDB creates it itself) and with its parent present. */
    private Path prepareCheckpointDirectory(Path target) {
        Path destination = target.toAbsolutePath().normalize();
        if (destination.startsWith(directory.toAbsolutePath().normalize())) {
            throw new StoreException("checkpoint directory " + target + " is inside the data directory " + directory
                    + "; choose a directory outside it");
        }
        try {
            if (Files.exists(destination)) {
                if (!Files.isDirectory(destination)) {
                    throw new StoreException("checkpoint directory " + target + " exists and is not a directory");
                }
                try (Stream<Path> entries = Files.list(destination)) {
                    if (entries.findAny().isPresent()) {
                        throw new StoreException("checkpoint directory " + target + " is not empty; a checkpoint"
                                + " needs a new or empty directory");
                    }
                }
                Files.delete(destination);
            }
            OwnerOnly.createDirectory(destination.getParent());
            return destination;
        } catch (IOException e) {
            throw new StoreException("cannot use checkpoint directory " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the whole content of the store by a snapshot: a directory written by
     * {@link #checkpoint} (here or on another member). This object, its directory and its column
     * family ids stay the same; after it returns every call sees exactly the snapshot's state.
     * The snapshot's files are never moved or changed (tables are hard-linked when they can be,
     * everything else is copied), so it can be installed again or kept.
     *
     * <p>Refused, with the store unchanged and usable, when the snapshot is not a checkpoint of a
     * store of this format with exactly this store's column families and ids, or when a call or
     * iterator still holds the store after {@link #SWAP_WAIT_MILLIS_MAX}.
     *
     * <p>Steps: (1) stage the snapshot in the data directory's {@code snapshot-incoming/}, synced,
     * and check it (opened read-only) while the store keeps serving; (2) hold the gate
     * exclusively (the calls and iterators in flight end, new ones wait; no batch is half-written),
     * close the database; (3) record the staged names in {@code SNAPSHOT-SWAP} (synced, renamed):
     * the commit point; (4) delete the old store's RocksDB files, rename the staged ones in, sync,
     * delete the staging and the record; (5) reopen, check the format and ids, open the gate.
     *
     * <p>Crash safety: a crash before (3) leaves the old store, and the next open deletes the
     * staging; a crash after (3) leaves a directory that the next open finishes swapping from the
     * record before RocksDB opens it (and that {@code verify} refuses until then). Either way the
     * directory opens as exactly the old or exactly the new store. Files that are not RocksDB's
     * ({@code master.key}, the lock) are never touched. When (4) or (5) fail while the process
     * runs (an I/O error), the store is left unusable: every call throws, naming the failure,
     * and a restart finishes the swap.
     *
     * <p>Not from a thread that holds one of this store's iterators (it would wait for itself).
     */
    public void replaceWith(Path snapshot) {
        replaceWith(snapshot, SWAP_WAIT_MILLIS_MAX);
    }

    void replaceWith(Path snapshot, long waitMillisMax) {
        if (readOnly) {
            throw new IllegalStateException("store opened read-only");
        }
        checkNoStoreCallOnThisThread("replaceWith");
        Path source = snapshot.toAbsolutePath().normalize();
        if (source.startsWith(directory.toAbsolutePath().normalize())) {
            throw refused(snapshot, "it is inside the data directory");
        }
        replacing.lock();
        try {
            List<String> names;
            try {
                SnapshotSwap.checkIsCheckpoint(source);
                checkFamilyNames(source);
                names = SnapshotSwap.stage(source, directory);
            } catch (StoreException e) {
                throw refused(snapshot, e);
            }
            try {
                checkStaged(source);
                swap(source, names, waitMillisMax);
            } finally {
                if (!SnapshotSwap.pending(directory)) {
                    SnapshotSwap.discardStaging(directory);
                }
            }
        } finally {
            replacing.unlock();
        }
    }

    private static StoreException refused(Path snapshot, String reason) {
        return new StoreException("snapshot " + snapshot + " refused: " + reason + "; the store keeps its state");
    }

    private static StoreException refused(Path snapshot, StoreException reason) {
        return new StoreException("snapshot " + snapshot + " refused: " + reason.getMessage()
                + "; the store keeps its state", reason);
    }

    /** Holding the gate exclusively waits for every iterator: this thread's own would never close. */
    private void checkNoStoreCallOnThisThread(String operation) {
        if (gate.holdsIterator()) {
            throw new IllegalStateException(operation + " called on a thread that holds one of the store's iterators"
                    + " (or from inside a store call); close it first");
        }
    }

    /** The snapshot's column families by name, before anything is staged: the clearest refusal. */
    private static void checkFamilyNames(Path snapshot) {
        List<byte[]> found;
        try (Options listing = new Options()) {
            found = RocksDB.listColumnFamilies(listing, snapshot.toString());
        } catch (RocksDBException e) {
            throw new StoreException("cannot read its column families: " + e.getMessage(), e);
        }
        Set<String> names = new TreeSet<>();
        found.forEach(name -> names.add(new String(name, StandardCharsets.US_ASCII)));
        if (!names.equals(new TreeSet<>(StoreLayout.COLUMN_FAMILIES))) {
            throw new StoreException("its column families " + names + " are not this store's "
                    + new TreeSet<>(StoreLayout.COLUMN_FAMILIES));
        }
    }

    /** Opens the staged copy read-only: the format marker and every column family's id must be this store's. */
    private void checkStaged(Path snapshot) {
        Database staged;
        try {
            staged = Database.open(directory.resolve(SnapshotSwap.STAGING), StoreOptions.defaults(), Access.READ_ONLY);
        } catch (StoreException e) {
            throw refused(snapshot, e);
        }
        try {
            String problem = formatProblem(staged.format());
            if (problem != null) {
                throw refused(snapshot, "it " + problem);
            }
            if (!Arrays.equals(staged.ids(), columnFamilyIds)) {
                throw refused(snapshot, "its column family ids " + Arrays.toString(staged.ids()) + " differ from this"
                        + " store's " + Arrays.toString(columnFamilyIds) + " (records name their family by id)");
            }
        } finally {
            staged.close();
        }
    }

    /** Steps (2) to (5) of {@link #replaceWith}, holding the gate exclusively. */
    private void swap(Path snapshot, List<String> names, long waitMillisMax) {
        if (!gate.enterExclusively(waitMillisMax)) {
            throw refused(snapshot, "the store was still in use after " + waitMillisMax + " ms (an iterator left open?)");
        }
        try {
            Database old = database;
            if (old == null) {
                throw new StoreException(unusableReason);
            }
            unusableReason = "data directory " + directory + " is unusable: replacing it by snapshot " + snapshot
                    + " failed while its database was closed; restart Settle";
            database = null;
            old.close();
            commit(snapshot, names);
            finishAndReopen(snapshot, names);
        } finally {
            gate.exitExclusively();
        }
    }

    /**
     * Step (3). Returns once the swap is committed; when the record could not be written, reopens
     * the old store and throws (when the record exists after all, the swap is committed: it returns).
     */
    private void commit(Path snapshot, List<String> names) {
        try {
            SnapshotSwap.commit(directory, names);
        } catch (IOException | RuntimeException e) {
            if (SnapshotSwap.pending(directory)) {
                LOG.warn("data directory {}: the snapshot swap record was written despite an error ({}); finishing"
                        + " the swap", directory, e.getMessage());
                return;
            }
            database = reopen();
            unusableReason = null;
            throw refused(snapshot, "its swap could not be recorded in " + directory + ": " + e.getMessage());
        }
    }

    private void finishAndReopen(Path snapshot, List<String> names) {
        try {
            SnapshotSwap.finish(directory, names);
            database = reopen();
            restrictModes(directory, ModeCheck.AFTER_SWAP);
            unusableReason = null;
            LOG.info("data directory {}: replaced by snapshot {} ({} files)", directory, snapshot, names.size());
        } catch (IOException | RuntimeException e) {
            unusableReason = "data directory " + directory + " is unusable: replacing it by snapshot " + snapshot
                    + " failed after its commit point (" + e.getMessage() + "); restart Settle, which finishes the swap";
            throw new StoreException(unusableReason, e);
        }
    }

    /** Opens the directory again after a swap: its format and column family ids must be what they were. */
    private Database reopen() {
        Database reopened = Database.open(directory, options, Access.READ_WRITE);
        try {
            String problem = formatProblem(reopened.format());
            if (problem != null) {
                throw new StoreException("data directory " + directory + " " + problem);
            }
            if (!Arrays.equals(reopened.ids(), columnFamilyIds)) {
                throw new StoreException("data directory " + directory + " reopened with column family ids "
                        + Arrays.toString(reopened.ids()) + ", not " + Arrays.toString(columnFamilyIds));
            }
            return reopened;
        } catch (RuntimeException e) {
            reopened.close();
            throw e;
        }
    }

    /**
     * Closes the database, after the calls and iterators in flight (at most
     * {@link #SWAP_WAIT_MILLIS_MAX}); later calls throw. A writable store flushes its memtables
     * first, so that the next start has no write-ahead log to replay (after a crash it replays at
     * most {@link #WAL_TOTAL_BYTES_MAX}).
     */
    @Override
    public void close() {
        checkNoStoreCallOnThisThread("close");
        closed = true;
        if (!gate.enterExclusively(SWAP_WAIT_MILLIS_MAX)) {
            LOG.error("data directory {} not closed: the store was still in use after {} ms (an iterator left open?);"
                    + " RocksDB's resources stay allocated", directory, SWAP_WAIT_MILLIS_MAX);
            return;
        }
        try {
            if (released) {
                return;
            }
            released = true;
            Database open = database;
            unusableReason = "data directory " + directory + " is closed";
            database = null;
            if (open != null) {
                closeDatabase(open);
            }
            syncWrites.close();
            unsyncedWrites.close();
            reads.close();
            if (directoryLock != null) {
                directoryLock.close();
            }
        } finally {
            gate.exitExclusively();
        }
    }

    private void closeDatabase(Database open) {
        if (!readOnly) {
            try {
                flush(open);
            } catch (StoreException e) {
                // The data is safe in the write-ahead log; the next start replays it.
            }
        }
        open.close();
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
