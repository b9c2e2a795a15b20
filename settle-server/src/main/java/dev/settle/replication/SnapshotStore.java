package dev.settle.replication;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group member's snapshots: directories in the Ratis state machine directory of the group, each a
 * {@link ReplicatedStateMachine#snapshot} plus a manifest. Ratis sends a snapshot's files (the
 * manifest and every state file) to a follower that needs them and, once all have arrived,
 * replaces the follower's whole state machine directory by them; the manifest then tells a
 * complete snapshot from anything else.
 *
 * <pre>
 * sm/                                    (Ratis' state machine directory of the group)
 *   snapshot.&lt;term&gt;_&lt;index&gt;/
 *     MANIFEST                           "settle-snapshot 1", term, index, one "file &lt;bytes&gt; &lt;path&gt;" per state file
 *     state/…                            what the state machine wrote, files only
 *   writing.&lt;term&gt;_&lt;index&gt;/             a snapshot being written; renamed when complete, deleted at start
 * </pre>
 *
 * <p>Ratis' install also leaves a {@code <file>.md5} beside every file it receives; those are deleted
 * when the snapshot is read. Any other file not in the manifest, or a listed one missing or of
 * another size, makes the snapshot invalid: it is skipped for the one before it.
 */
final class SnapshotStore implements StateMachineStorage {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    static final String MANIFEST = "MANIFEST";
    static final String STATE_DIR = "state";
    static final String HEADER = "settle-snapshot 1";
    static final String COMPLETE_PREFIX = "snapshot.";
    static final String WRITING_PREFIX = "writing.";
    /** Ratis' install writes an MD5 file beside every file it receives. */
    static final String RATIS_MD5_SUFFIX = ".md5";
    static final Pattern COMPLETE_NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
    /**
     * Snapshots kept: the newest, and the one before it, which a follower's install may still be
     * reading when the newest is taken.
     */
    static final int SNAPSHOTS_RETAINED = 2;
    /** A manifest lists at most this many files: a RocksDB checkpoint of a large pod has thousands. */
    static final int FILES_PER_SNAPSHOT_MAX = 1_000_000;

    /** One complete, checked snapshot. */
    record Snapshot(TermIndex termIndex, Path dir, FileListSnapshotInfo info) {
        long index() {
            return termIndex.getIndex();
        }

        Path stateDir() {
            return dir.resolve(STATE_DIR);
        }
    }

    /** Writes a snapshot's state files into an empty directory. */
    @FunctionalInterface
    interface StateWriter {
        void write(Path dir) throws IOException;
    }

    private volatile Path directory;
    private volatile Snapshot latest;

    @Override
    public void init(RaftStorage storage) throws IOException {
        directory = storage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(directory);
        deleteUnfinished();
        reload();
    }

    /** Reads the directory again (after Ratis installed a snapshot into it); returns the latest valid snapshot. */
    Snapshot reload() throws IOException {
        List<Snapshot> valid = validSnapshotsNewestFirst();
        latest = valid.isEmpty() ? null : valid.get(0);
        return latest;
    }

    /** The latest complete snapshot, or null. */
    Snapshot latest() {
        return latest;
    }

    @Override
    public FileListSnapshotInfo getLatestSnapshot() {
        Snapshot snapshot = latest;
        return snapshot == null ? null : snapshot.info();
    }

    @Override
    public File getSnapshotDir() {
        Path dir = directory;
        return dir == null ? null : dir.toFile();
    }

    @Override
    public void format() {
        // Nothing to format: init creates the directory.
    }

    /**
     * Writes a snapshot at {@code termIndex}: the state files through {@code writer} into a fresh
     * directory, then the manifest, each synced, then renames the directory to its final name. Only
     * then does it become the latest.
     */
    Snapshot write(TermIndex termIndex, StateWriter writer) throws IOException {
        Path base = requireDirectory();
        Path writing = base.resolve(WRITING_PREFIX + termIndex.getTerm() + "_" + termIndex.getIndex());
        deleteRecursively(writing);
        Path state = Files.createDirectories(writing.resolve(STATE_DIR));
        writer.write(state);
        List<Path> files = stateFiles(state);
        writeManifest(writing, termIndex, state, files);
        syncDirectory(state);
        syncDirectory(writing);
        Path complete = base.resolve(COMPLETE_PREFIX + termIndex.getTerm() + "_" + termIndex.getIndex());
        deleteRecursively(complete);
        move(writing, complete);
        syncDirectory(base);
        Snapshot snapshot = read(complete);
        if (snapshot == null) {
            throw new IOException("snapshot " + complete + " was written but does not read back as complete");
        }
        latest = snapshot;
        return snapshot;
    }

    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        List<Snapshot> valid = validSnapshotsNewestFirst();
        Set<Path> keep = new HashSet<>();
        for (int i = 0; i < Math.min(SNAPSHOTS_RETAINED, valid.size()); i++) {
            keep.add(valid.get(i).dir());
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(requireDirectory())) {
            for (Path entry : entries) {
                if (COMPLETE_NAME.matcher(entry.getFileName().toString()).matches() && !keep.contains(entry)) {
                    LOG.info("deleting old snapshot {}", entry);
                    deleteRecursively(entry);
                }
            }
        }
    }

    private void deleteUnfinished() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(requireDirectory())) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(WRITING_PREFIX)) {
                    LOG.info("deleting unfinished snapshot {}", entry);
                    deleteRecursively(entry);
                }
            }
        }
    }

    private List<Snapshot> validSnapshotsNewestFirst() throws IOException {
        List<Snapshot> valid = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(requireDirectory())) {
            for (Path entry : entries) {
                if (COMPLETE_NAME.matcher(entry.getFileName().toString()).matches()) {
                    Snapshot snapshot = read(entry);
                    if (snapshot != null) {
                        valid.add(snapshot);
                    }
                }
            }
        }
        valid.sort(Comparator.comparing(Snapshot::termIndex).reversed());
        return valid;
    }

    /** The snapshot in {@code dir} if it is complete and matches its manifest, else null (logged). */
    static Snapshot read(Path dir) throws IOException {
        Matcher name = COMPLETE_NAME.matcher(dir.getFileName().toString());
        if (!name.matches()) {
            return null;
        }
        TermIndex named = TermIndex.valueOf(Long.parseLong(name.group(1)), Long.parseLong(name.group(2)));
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            LOG.warn("snapshot {} has no {}: skipped", dir, MANIFEST);
            return null;
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        String problem = checkManifest(lines, named, dir);
        if (problem != null) {
            LOG.warn("snapshot {} skipped: {}", dir, problem);
            return null;
        }
        List<FileInfo> files = new ArrayList<>();
        files.add(new FileInfo(manifest, null));
        for (String line : lines.subList(3, lines.size())) {
            files.add(new FileInfo(dir.resolve(STATE_DIR).resolve(filePath(line)), null));
        }
        return new Snapshot(named, dir, new FileListSnapshotInfo(files, named));
    }

    /** Null when the manifest names this snapshot and the state files are exactly those listed. */
    private static String checkManifest(List<String> lines, TermIndex named, Path dir) throws IOException {
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)
                || !lines.get(1).equals("term " + named.getTerm())
                || !lines.get(2).equals("index " + named.getIndex())) {
            return "its manifest does not start with '" + HEADER + "', term " + named.getTerm() + ", index "
                    + named.getIndex();
        }
        if (lines.size() - 3 > FILES_PER_SNAPSHOT_MAX) {
            return "its manifest lists " + (lines.size() - 3) + " files, more than " + FILES_PER_SNAPSHOT_MAX;
        }
        Path state = dir.resolve(STATE_DIR);
        Set<Path> listed = new HashSet<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || !parts[0].equals("file")) {
                return "manifest line '" + line + "' is not 'file <bytes> <path>'";
            }
            Path file = state.resolve(parts[2]).normalize();
            if (!file.startsWith(state) || !Files.isRegularFile(file) || Files.size(file) != parseSize(parts[1])) {
                return "state file " + parts[2] + " is missing, outside the snapshot, or not " + parts[1] + " bytes";
            }
            listed.add(file);
        }
        removeInstallDigests(dir, listed);
        for (Path file : stateFiles(state)) {
            if (!listed.contains(state.resolve(file))) {
                return "state file " + file + " is not in the manifest";
            }
        }
        return null;
    }

    private static long parseSize(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String filePath(String manifestLine) {
        return manifestLine.split(" ", 3)[2];
    }

    /** Deletes the {@code .md5} files Ratis' install left beside the manifest and the listed files. */
    private static void removeInstallDigests(Path dir, Set<Path> listed) throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST + RATIS_MD5_SUFFIX));
        for (Path file : listed) {
            Path digest = file.resolveSibling(file.getFileName() + RATIS_MD5_SUFFIX);
            if (!listed.contains(digest)) {
                Files.deleteIfExists(digest);
            }
        }
    }

    private static void writeManifest(Path dir, TermIndex termIndex, Path state, List<Path> files)
            throws IOException {
        if (files.size() > FILES_PER_SNAPSHOT_MAX) {
            throw new IOException("the state machine wrote " + files.size() + " files, more than "
                    + FILES_PER_SNAPSHOT_MAX);
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("term ").append(termIndex.getTerm()).append('\n')
                .append("index ").append(termIndex.getIndex()).append('\n');
        for (Path file : files) {
            Path absolute = state.resolve(file);
            if (!Files.isRegularFile(absolute)) {
                throw new IOException("snapshot state entry " + absolute + " is not a regular file");
            }
            String path = file.toString().replace(File.separatorChar, '/');
            if (path.indexOf('\n') >= 0) {
                throw new IOException("snapshot state file name has a line break: " + absolute);
            }
            text.append("file ").append(Files.size(absolute)).append(' ').append(path).append('\n');
        }
        Path manifest = dir.resolve(MANIFEST);
        Files.writeString(manifest, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** The regular files under {@code state}, relative to it, in a stable order. */
    private static List<Path> stateFiles(Path state) throws IOException {
        try (Stream<Path> walk = Files.walk(state)) {
            return walk.filter(p -> !Files.isDirectory(p)).map(state::relativize).sorted().toList();
        }
    }

    private Path requireDirectory() {
        Path dir = directory;
        if (dir == null) {
            throw new IllegalStateException("snapshot store used before init");
        }
        return dir;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException e) {
                    // Already gone: nothing to do.
                }
            }
        }
    }
}
