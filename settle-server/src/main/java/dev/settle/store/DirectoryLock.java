package dev.settle.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settle's own lock on a data directory ({@value #FILE_NAME}), held from before a writable open
 * until after close. RocksDB's LOCK only covers the time the database is open; a snapshot swap
 * closes it, and repairs an interrupted swap before opening it, so two processes must be kept
 * apart by a lock that stays held across both.
 *
 * <p>The lock is a POSIX record lock, which the kernel drops with the process (no stale lock
 * after a crash). Such locks belong to the process, and closing any descriptor of the file drops
 * them, so one JVM tracks the directories it holds itself and never opens the file twice.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "SETTLE-LOCK";
    private static final Set<Path> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of an existing directory, or refuses: the directory is in use. */
    static DirectoryLock acquire(Path directory) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot use data directory " + directory + ": " + e.getMessage(), e);
        }
        if (!HELD_BY_THIS_PROCESS.add(real)) {
            throw inUse(directory);
        }
        try {
            return lock(directory, real);
        } catch (RuntimeException e) {
            HELD_BY_THIS_PROCESS.remove(real);
            throw e;
        }
    }

    private static DirectoryLock lock(Path directory, Path real) {
        Path file = real.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = OwnerOnly.supported(file)
                    ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly())
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw inUse(directory);
            }
            return new DirectoryLock(real, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(directory);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock data directory " + directory + " (" + file + "): " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OwnerOnly.FILE);
    }

    private static StoreException inUse(Path directory) {
        return new StoreException("data directory " + directory + " is in use by another Settle process (stop it first)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing drops the lock, which is all that matters here.
        }
    }

    /** Releases the lock; the file stays (an empty file, like RocksDB's LOCK). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The kernel drops the lock with the descriptor: nothing is left held.
        } finally {
            HELD_BY_THIS_PROCESS.remove(directory);
        }
    }
}
