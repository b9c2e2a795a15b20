package dev.settle.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of the data directory's file system, and whether it is below the minimum that
 * readiness asks for. A full disk stops RocksDB's writes (and so the pods); saying "not ready"
 * before that moves traffic away while there is still room to finish what is in flight.
 */
public final class DiskSpace {
    /** Below this much usable space the server reports not ready, unless configured otherwise. */
    public static final long FREE_BYTES_MIN_DEFAULT = 512L * 1024 * 1024;

    /** Reads a file system's space; tests substitute their own. */
    public interface Probe {
        long usableBytes() throws IOException;

        long totalBytes() throws IOException;

        static Probe of(Path directory) {
            return new Probe() {
                @Override
                public long usableBytes() throws IOException {
                    return store().getUsableSpace();
                }

                @Override
                public long totalBytes() throws IOException {
                    return store().getTotalSpace();
                }

                private FileStore store() throws IOException {
                    return Files.getFileStore(directory);
                }
            };
        }
    }

    private final Probe probe;
    private final long freeBytesMin;

    public DiskSpace(Probe probe, long freeBytesMin) {
        if (freeBytesMin < 0) {
            throw new IllegalArgumentException("the minimum free space must be >= 0, got " + freeBytesMin);
        }
        this.probe = probe;
        this.freeBytesMin = freeBytesMin;
    }

    /** Usable bytes now, or -1 when the file system cannot say. */
    public long freeBytes() {
        try {
            return probe.usableBytes();
        } catch (IOException e) {
            return -1;
        }
    }

    public long totalBytes() {
        try {
            return probe.totalBytes();
        } catch (IOException e) {
            return -1;
        }
    }

    public long freeBytesMin() {
        return freeBytesMin;
    }
}
