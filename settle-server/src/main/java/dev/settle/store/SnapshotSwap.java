package dev.settle.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces the RocksDB files of a data directory by those of a snapshot (a RocksDB checkpoint),
 * in place: the directory keeps its path and its other files ({@code master.key}, Settle's lock),
 * and it may be a mount point. Three steps, each safe to crash in:
 *
 * <ol>
 * <li>{@link #stage}: the snapshot's files are hard-linked (immutable tables that are already
 *     owner-only, on the same file system) or copied (everything else) into {@value #STAGING}
 *     inside the directory, and synced. The snapshot's own files are never moved, written or
 *     chmod-ed. A crash leaves the old store; the next open deletes the staging.
 * <li>{@link #commit}: the list of the staged files is written to {@value #MARKER} (a temporary
 *     file, synced, renamed, and the directory synced). That rename is the commit point: from
 *     then on the swap is finished, never rolled back.
 * <li>{@link #finish}: the old store's RocksDB files that the snapshot does not have are deleted,
 *     each staged file is renamed over its name in the directory, the directory is synced, the
 *     staging and the marker are deleted. Every step is idempotent: after a crash, the next open
 *     runs {@link #recover}, which runs it again from the marker's list.
 * </ol>
 *
 * Only the caller makes this exclusive: the database must be closed and {@link DirectoryLock} held.
 */
final class SnapshotSwap {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotSwap.class);
    static final String STAGING = "snapshot-incoming";
    static final String MARKER = "SNAPSHOT-SWAP";
    static final String MARKER_TEMPORARY = "SNAPSHOT-SWAP.tmp";
    private static final String MARKER_HEADER = "settle-snapshot-swap/1";
    private static final String MARKER_END = "end";
    /** A checkpoint of a 1 TiB store with 64 MiB tables has ~16,000 files; more is not a snapshot of ours. */
    static final int SNAPSHOT_FILES_MAX = 100_000;
    /** A RocksDB file name is at most ~24 characters; the marker's lines are bounded by that. */
    private static final long MARKER_BYTES_MAX = (SNAPSHOT_FILES_MAX + 2L) * 32;
    /**
     * The RocksDB files that make up a store's state. The lock and the info logs are not state;
     * any other name (master.key, Settle's lock, the marker, the staging) is not RocksDB's.
     */
    private static final Pattern STORE_FILE =
            Pattern.compile("CURRENT|IDENTITY|MANIFEST-[0-9]+|OPTIONS-[0-9]+|[0-9]+\\.(sst|log|blob)");

    private SnapshotSwap() {}

    static boolean isStoreFile(String name) {
        return STORE_FILE.matcher(name).matches();
    }

    /** Whether a swap was committed and is not finished yet (the next writable open finishes it). */
    static boolean pending(Path directory) {
        return Files.exists(directory.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** Refuses a snapshot that is not a directory with a RocksDB CURRENT file; the message says what "it" is not. */
    static void checkIsCheckpoint(Path snapshot) {
        if (!Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("it is not a directory");
        }
        if (!Files.isRegularFile(snapshot.resolve("CURRENT"), LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("it is not a RocksDB checkpoint (no CURRENT file)");
        }
    }

    /**
     * Step 1: stages the snapshot's store files in the directory's {@value #STAGING}, synced;
     * returns their names. On failure nothing is staged and the old store is untouched; the
     * message says what is wrong with "it", the snapshot.
     */
    static List<String> stage(Path snapshot, Path directory) {
        List<Path> sources = snapshotFiles(snapshot);
        Path staging = directory.resolve(STAGING);
        try {
            deleteTree(staging);
            OwnerOnly.createDirectory(staging);
            boolean linksWork = true;
            List<String> names = new ArrayList<>(sources.size());
            for (Path source : sources) {
                String name = source.getFileName().toString();
                linksWork = place(source, staging.resolve(name), linksWork);
                names.add(name);
            }
            Fsync.filesAndDirectory(staging);
            Fsync.directory(directory);
            return List.copyOf(names);
        } catch (IOException | RuntimeException e) {
            discardStaging(directory);
            throw new StoreException("cannot stage it in " + staging + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot's store files, sorted by name; refuses what is not a RocksDB checkpoint. */
    private static List<Path> snapshotFiles(Path snapshot) {
        checkIsCheckpoint(snapshot);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(snapshot)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                if (!isStoreFile(entry.getFileName().toString())) {
                    continue;
                }
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException("its " + entry.getFileName() + " is not a regular file");
                }
                if (files.size() == SNAPSHOT_FILES_MAX) {
                    throw new StoreException("it holds more than " + SNAPSHOT_FILES_MAX
                            + " files; it is not a snapshot of a Settle store");
                }
                files.add(entry);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read it: " + e.getMessage(), e);
        }
        return files;
    }

    /**
     * Hard-links an immutable table (RocksDB never writes to one again, only deletes it) when it
     * is already owner-only, so that making the directory owner-only never changes the snapshot's
     * file; copies everything else (RocksDB appends to and truncates logs and manifests it
     * recovers from). Returns whether links still work: after one fails (another file system),
     * the rest are copied without trying.
     */
    private static boolean place(Path source, Path target, boolean linksWork) throws IOException {
        String name = source.getFileName().toString();
        boolean immutable = name.endsWith(".sst") || name.endsWith(".blob");
        if (linksWork && immutable && isOwnerOnly(source)) {
            try {
                Files.createLink(target, source);
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                LOG.info("snapshot {} cannot be hard-linked into {} ({}); copying it", source.getParent(),
                        target.getParent(), e.getMessage());
                Files.deleteIfExists(target);
                linksWork = false;
            }
        }
        copy(source, target);
        return linksWork;
    }

    private static boolean isOwnerOnly(Path file) throws IOException {
        return !OwnerOnly.supported(file)
                || Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OwnerOnly.FILE);
    }

    /** Copies into a new file that is owner-only from its first byte. */
    private static void copy(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = OwnerOnly.supported(target)
                        ? FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(OwnerOnly.FILE))
                        : FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                long moved = in.transferTo(position, size - position, out);
                if (moved <= 0) {
                    throw new IOException(source + " shrank while it was copied");
                }
                position += moved;
            }
        }
    }

    /**
     * Step 2, the commit point: records the staged names in {@value #MARKER}. When it throws, the
     * marker may or may not exist: {@link #pending} says which.
     */
    static void commit(Path directory, List<String> names) throws IOException {
        Path temporary = directory.resolve(MARKER_TEMPORARY);
        Files.deleteIfExists(temporary);
        StringBuilder text = new StringBuilder(MARKER_HEADER).append('\n');
        for (String name : names) {
            text.append(name).append('\n');
        }
        text.append(MARKER_END).append('\n');
        OwnerOnly.createFile(temporary, text.toString().getBytes(StandardCharsets.US_ASCII));
        Fsync.file(temporary);
        Files.move(temporary, directory.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(directory);
    }

    /** Step 3: puts the staged files in place of the old store's; may run again after a crash. */
    static void finish(Path directory, List<String> names) throws IOException {
        Set<String> incoming = new HashSet<>(names);
        for (Path old : storeFiles(directory)) {
            if (!incoming.contains(old.getFileName().toString())) {
                Files.deleteIfExists(old);
            }
        }
        Path staging = directory.resolve(STAGING);
        for (String name : names) {
            Path staged = staging.resolve(name);
            Path target = directory.resolve(name);
            if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } else if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("snapshot file " + name + " is neither staged in " + staging + " nor in place");
            }
        }
        Fsync.directory(directory);
        deleteTree(staging);
        Files.delete(directory.resolve(MARKER));
        Fsync.directory(directory);
    }

    /** The directory's own RocksDB store files (not the staging's). */
    private static List<Path> storeFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> isStoreFile(path.getFileName().toString()))
                    .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
    }

    /**
     * At a writable open, before RocksDB opens the directory: finishes a committed swap, or
     * deletes what an uncommitted one staged (the old store is then intact).
     */
    static void recover(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(MARKER_TEMPORARY));
            if (pending(directory)) {
                List<String> names = readMarker(directory);
                LOG.warn("data directory {}: finishing a snapshot swap that was interrupted ({} files)", directory,
                        names.size());
                finish(directory, names);
                return;
            }
            if (Files.exists(directory.resolve(STAGING), LinkOption.NOFOLLOW_LINKS)) {
                LOG.warn("data directory {}: deleting a snapshot that was staged but never swapped in;"
                        + " the store keeps its state from before", directory);
                deleteTree(directory.resolve(STAGING));
                Fsync.directory(directory);
            }
        } catch (IOException e) {
            throw new StoreException("data directory " + directory + ": cannot finish an interrupted snapshot swap: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> readMarker(Path directory) throws IOException {
        Path marker = directory.resolve(MARKER);
        if (Files.size(marker) > MARKER_BYTES_MAX) {
            throw damaged(marker, "larger than " + MARKER_BYTES_MAX + " bytes");
        }
        List<String> lines = Files.readAllLines(marker, StandardCharsets.US_ASCII);
        if (lines.size() < 3 || !lines.get(0).equals(MARKER_HEADER) || !lines.getLast().equals(MARKER_END)) {
            throw damaged(marker, "not a complete " + MARKER_HEADER + " record");
        }
        List<String> names = lines.subList(1, lines.size() - 1);
        for (String name : names) {
            if (!isStoreFile(name)) {
                throw damaged(marker, "names '" + name + "', which is not a RocksDB store file");
            }
        }
        if (!names.contains("CURRENT")) {
            throw damaged(marker, "has no CURRENT file");
        }
        return List.copyOf(names);
    }

    private static StoreException damaged(Path marker, String what) {
        return new StoreException("the snapshot swap record " + marker + " is " + what
                + "; the data directory cannot be repaired automatically: restore it from a backup or a new snapshot");
    }

    /** Deletes the staging of a swap that will not happen (best effort: the next open retries). */
    static void discardStaging(Path directory) {
        try {
            deleteTree(directory.resolve(STAGING));
        } catch (IOException e) {
            LOG.warn("data directory {}: could not delete {} ({}); the next start deletes it", directory, STAGING,
                    e.getMessage());
        }
    }

    /** Deletes a staging directory and what is in it (flat, plus what RocksDB may add); absent is fine. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root, OwnerOnly.DEPTH_MAX)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : all) {
            try {
                Files.delete(path);
            } catch (NoSuchFileException gone) {
                // Deleted meanwhile: what we wanted.
            }
        }
    }
}
