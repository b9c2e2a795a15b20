package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's curl examples, run as printed (with the test server's address) against a fresh server. */
class ReadmeExamplesTest {
    private static final String BEGIN = "<!-- readme-curl-begin -->";
    private static final String END = "<!-- readme-curl-end -->";
    private static final String PRINTED_URL = "http://localhost:8080";

    @TempDir
    Path data;

    @Test
    void theCurlExamplesWorkAsPrinted() throws Exception {
        List<String> commands = curlCommands(readme());
        assertThat(commands).hasSizeGreaterThanOrEqualTo(6);
        try (TestServer server = TestServer.start(data)) {
            for (String command : commands) {
                String runnable = command.replace(PRINTED_URL, "http://127.0.0.1:" + server.server.port());
                ProcessBuilder shell = new ProcessBuilder("bash", "-c", runnable).redirectErrorStream(true);
                shell.environment().put("SETTLE_API_KEY", server.defaultKey);
                Process curl = shell.start();
                String output;
                try (var in = curl.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(curl.exitValue()).as("exit of %s: %s", command, output).isZero();
                Object answer = JsonReader.parse(output.getBytes(StandardCharsets.UTF_8));
                assertThat(answer).as(command).isInstanceOf(Map.class);
                assertThat(((Map<?, ?>) answer).containsKey("error")).as("%s answered %s", command, output).isFalse();
            }
        }
    }

    private static String readme() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("README.md above the working directory").isNotNull();
        return Files.readString(dir.resolve("README.md"));
    }

    /** The curl commands of the marked block, continuation lines joined, the key taken from the environment. */
    private List<String> curlCommands(String readme) {
        String block = readme.substring(readme.indexOf(BEGIN), readme.indexOf(END));
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block.lines().toList()) {
            if (current == null && line.startsWith("curl ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continues = line.endsWith("\\");
                current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continues) {
                    commands.add(current.toString().trim());
                    current = null;
                }
            }
        }
        return commands;
    }
}
