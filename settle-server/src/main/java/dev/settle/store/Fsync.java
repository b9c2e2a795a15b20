package dev.settle.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * fsync of files and directories: a file's bytes are durable once it is synced, its name once
 * the directory that holds it is (a rename or a new link is an entry of the directory).
 */
final class Fsync {
    private Fsync() {}

    /** Syncs a file's bytes; a read-only descriptor is enough on Linux (the file may be a hard link we must not open for writing). */
    static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Syncs a directory's entries (Linux and macOS allow opening a directory for reading). */
    static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Syncs every regular file directly in {@code directory}, then the directory itself. */
    static void filesAndDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path file : files) {
            file(file);
        }
        directory(directory);
    }
}
