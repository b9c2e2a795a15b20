package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, simulated with a file-size limit (ulimit -f: writes past it fail with EFBIG, as
 * writes to a full disk fail with ENOSPC): the command stops with a clear message and a non-zero
 * exit, and the data directory still passes verify: nothing half-written, nothing lost that was
 * acknowledged.
 */
class DiskFullTest {
    /** 20 MiB in ulimit's 1 KiB blocks: the write-ahead log outgrows it within a second of load. */
    static final int FILE_SIZE_LIMIT_BLOCKS = 20_480;

    @TempDir
    Path directory;

    @Test
    void aWriteFailureStopsWithAClearMessageAndLeavesAVerifiableDirectory() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "ulimit -f " + FILE_SIZE_LIMIT_BLOCKS + " && exec '" + java
                + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName() + " bench --no-postgres --transfers 3000000 --data '" + directory + "'";
        Process bench = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bench.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(bench.exitValue()).as(output).isEqualTo(Main.EXIT_FAILED);
        assertThat(output).contains("write to data directory").contains("File too large");
        assertThat(Main.run("verify", "--data", directory.toString())).isZero();
    }
}
