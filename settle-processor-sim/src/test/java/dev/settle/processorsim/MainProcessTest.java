package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link ProcessorSimulatorMain} as its own process, as {@code settle processor-sim} does. */
class MainProcessTest {
    private static final long EXIT_WAIT_SECONDS = 10;

    @TempDir
    Path dataDir;

    private static ProcessBuilder java(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(
                java, "-cp", System.getProperty("java.class.path"), ProcessorSimulatorMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    @Test
    void announcesItsAddressServesAndStopsOnSigterm() throws Exception {
        Process process = java("--port", "0", "--data", dataDir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches("processor-sim listening on http://127\\.0\\.0\\.1:\\d+");

            URI base = URI.create(line.substring(line.indexOf("http")));
            try (SimClient client = new SimClient(base)) {
                assertThat(client.authorize("k", "pm_card_visa", 100, true).status()).isEqualTo(200);
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        try (ProcessorSimulator again = ProcessorSimulator.start(SimulatorConfig.defaults(dataDir));
                SimClient client = new SimClient(again.baseUri())) {
            assertThat(client.get("/v1/operations/k").status()).isEqualTo(200);
        }
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        Process process = java("--port", "nope").redirectErrorStream(true).start();

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("processor-sim: option --port needs a whole number").contains("usage:");
    }
}
