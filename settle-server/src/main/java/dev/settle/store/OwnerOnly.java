package dev.settle.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Owner-only modes for the data directory: directories 0700, files 0600. The data holds ledgers,
 * key hashes and (sealed) webhook secrets; nobody but the process's user has a reason to read it.
 *
 * <p>RocksDB creates its files with mode 0644 minus the process's umask ({@code ./settle} sets
 * {@code umask 077}, so they are 0600). A process started another way may have a looser umask:
 * {@link #restrict} then fixes what exists, at every open and close of the store, and the
 * directory's own 0700 keeps any file created in between out of other users' reach.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** A data directory holds a few hundred files at most; a deeper or larger tree is not ours. */
    static final int DEPTH_MAX = 8;
    private static final String UMASK_PROBE = ".settle-umask-probe";

    private OwnerOnly() {}

    /** Whether the file system has POSIX modes at all (not on Windows): elsewhere nothing is checked. */
    public static boolean supported(Path path) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code directory} (and missing parents) as 0700; an existing one keeps its mode until {@link #restrict}. */
    public static void createDirectory(Path directory) throws IOException {
        if (supported(directory)) {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIRECTORY);
            Files.createDirectories(directory, mode);
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Writes a new file that is 0600 from its first byte (never readable by others, even briefly). */
    public static void createFile(Path file, byte[] content) throws IOException {
        if (supported(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content);
    }

    /**
     * Sets every directory under {@code root} (itself included) to 0700 and every file to 0600;
     * returns how many it changed. Symbolic links are not followed.
     */
    public static int restrict(Path root) throws IOException {
        if (!supported(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int changed = 0;
        for (Path path : tree(root)) {
            Set<PosixFilePermission> wanted = wanted(path);
            try {
                if (wanted != null && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
                    Files.setPosixFilePermissions(path, wanted);
                    changed++;
                }
            } catch (NoSuchFileException deletedMeanwhile) {
                // RocksDB deletes obsolete files in the background: nothing left to protect.
            }
        }
        return changed;
    }

    /** Every path under {@code root} (itself included) whose mode is not owner-only, with its mode. */
    public static List<String> offenders(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        if (!supported(root)) {
            return found;
        }
        for (Path path : tree(root)) {
            Set<PosixFilePermission> wanted = wanted(path);
            try {
                Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (wanted != null && !actual.equals(wanted)) {
                    found.add(path + " is " + PosixFilePermissions.toString(actual) + ", should be "
                            + PosixFilePermissions.toString(wanted));
                }
            } catch (NoSuchFileException deletedMeanwhile) {
                // Gone since it was listed.
            }
        }
        return found;
    }

    /**
     * Whether files this process creates without an explicit mode (as RocksDB does) are readable
     * by others: creates and deletes a probe file in {@code directory}.
     */
    public static boolean umaskLetsOthersRead(Path directory) throws IOException {
        if (!supported(directory)) {
            return false;
        }
        Path probe = directory.resolve(UMASK_PROBE);
        Files.deleteIfExists(probe);
        Files.createFile(probe);
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(probe);
            return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** {@code root} and everything under it, to {@link #DEPTH_MAX} levels; entries deleted while listing are skipped. */
    private static List<Path> tree(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        all.add(root);
        List<Path> level = List.of(root);
        for (int depth = 0; depth < DEPTH_MAX && !level.isEmpty(); depth++) {
            List<Path> next = new ArrayList<>();
            for (Path directory : level) {
                try (Stream<Path> entries = Files.list(directory)) {
                    entries.forEach(entry -> {
                        all.add(entry);
                        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                            next.add(entry);
                        }
                    });
                } catch (NoSuchFileException deletedMeanwhile) {
                    // Gone since it was listed.
                }
            }
            level = next;
        }
        return all;
    }

    /** 0700 for a directory, 0600 for a regular file, null for anything else (a link is left alone). */
    private static Set<PosixFilePermission> wanted(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return DIRECTORY;
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? FILE : null;
    }
}
