package dev.settle.health;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What readiness asks of the disk.
 *
 * @param diskFreeBytesMin below this much usable space on the data directory's file system the
 *     server reports not ready ({@code --disk-free-min-mb})
 * @param probe reads the space of a directory (tests substitute a full disk)
 */
public record HealthConfig(long diskFreeBytesMin, Function<Path, DiskSpace.Probe> probe) {
    public static HealthConfig defaults() {
        return new HealthConfig(DiskSpace.FREE_BYTES_MIN_DEFAULT, DiskSpace.Probe::of);
    }

    public HealthConfig withDiskFreeBytesMin(long bytes) {
        return new HealthConfig(bytes, probe);
    }

    public HealthConfig withProbe(Function<Path, DiskSpace.Probe> diskProbe) {
        return new HealthConfig(diskFreeBytesMin, diskProbe);
    }
}
