package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `settle serve` as a real process: ready line, then SIGTERM finishes cleanly with exit 0. */
class ServeProcessTest {
    @TempDir
    Path directory;

    @Test
    void sigtermStopsTheServerCleanlyWithExitZero() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--data", directory.toString())
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = output.readLine();
        assertThat(ready).startsWith("settle: ready on").contains("0 accounts");
        server.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(output.readLine()).contains("stopped");
        assertThat(Main.run("verify", "--data", directory.toString())).isZero();
    }
}
