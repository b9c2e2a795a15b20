package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `settle serve` as a real process: prints the default tenant's key once, serves the API with
 * it, and SIGTERM finishes cleanly with exit 0; a second start prints no key.
 */
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^ ]+) ");

    @TempDir
    Path directory;

    @Test
    void servesTheApiAndSigtermStopsItCleanlyWithExitZero() throws Exception {
        Process server = start();
        BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).contains("created tenant \"default\"");
        String key = output.readLine().trim();
        assertThat(key).startsWith("sk_");
        assertThat(output.readLine()).startsWith("settle: ready on").contains("0 accounts");
        assertThat(output.readLine()).startsWith("settle: " + ServerConfig.PODS_DEFAULT + " pods; in_flight_max=");
        Matcher listening = LISTENING.matcher(output.readLine());
        assertThat(listening.find()).isTrue();

        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + listening.group(1) + "/v1/accounts"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);

        server.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(output.readLine()).contains("stopped");
        assertThat(Main.run("verify", "--data", directory.toString())).isZero();

        Process again = start();
        BufferedReader second = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8));
        assertThat(second.readLine()).startsWith("settle: ready on").contains("1 accounts");
        assertThat(second.readLine()).contains(" pods; ");
        assertThat(LISTENING.matcher(second.readLine()).find()).isTrue();
        again.toHandle().destroy();
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
    }

    private Process start() throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--data", directory.toString(),
                "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
