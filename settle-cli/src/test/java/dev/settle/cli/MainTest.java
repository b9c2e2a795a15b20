package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionPrintsTheVersionAndStoreFormat() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).startsWith("settle ").contains("settle-store/1");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String command : new String[] {"serve", "cluster", "bench", "verify", "version"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command + " --help").isZero();
            assertThat(out.toString()).as(command + " --help").contains("Usage: settle " + command);
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("missing command").contains("Usage: settle");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("bogus")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("bench", "--nope")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--nope'");
    }

    @Test
    void benchRejectsOutOfRangeSettingsWithTheValue() {
        assertThat(run("bench", "--accounts", "1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("accounts must be 2..10000000, got 1");
        assertThat(run("bench", "--hot-percent", "101")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("bench", "--pod-batch-events", "10")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void verifyOfAMissingDirectoryFailsClearly() {
        assertThat(run("verify", "--data", directory.resolve("none").toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString()).contains("no Settle data directory");
    }

    @Test
    void serveRefusesADirectoryThatIsNotAStore() throws Exception {
        Files.writeString(directory.resolve("notes.txt"), "mine");
        assertThat(run("serve", "--data", directory.toString(), "--port", "0")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString()).contains("is not empty and is not a Settle data directory");
    }

    @Test
    void serveRefusesABadDegradationPolicyBeforeOpeningAnything() throws Exception {
        Path policy = directory.resolve("degradation.yaml");
        Files.writeString(policy, "fleet:\n  in_flight_max: 5\n");
        Path data = directory.resolve("data");

        assertThat(run("serve", "--data", data.toString(), "--port", "0", "--degradation", policy.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("bad degradation policy, not starting")
                .contains("fleet.in_flight_max").contains("shed");
        assertThat(data).doesNotExist();
    }

    @Test
    void serveRefusesAPodCountOutOfRange() {
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--pods", "0"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--pods must be 1..64, got 0");
    }

    @Test
    void serveRefusesABadOtlpEndpointOrSampleRatio() {
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--otlp-endpoint", "ftp://collector"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--otlp-endpoint: the OTLP endpoint must be an http or https URL");
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--trace-sample-ratio", "1.5"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--trace-sample-ratio: the trace sample ratio must be from 0 to 1, got 1.5");
    }

    @Test
    void serveRefusesCredentialsInTheOtlpEndpointWithoutEchoingThem() {
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--otlp-endpoint",
                "http://user:s3cret-password@collector:4318")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("must not carry credentials").doesNotContain("s3cret-password");
    }

    @Test
    void serveRefusesHalfATlsPairOrAnUnreadableCertificateBeforeOpeningAnything() {
        Path data = directory.resolve("data");
        assertThat(run("serve", "--data", data.toString(), "--port", "0", "--tls-cert", "cert.pem"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(run("serve", "--data", data.toString(), "--port", "0", "--tls-cert",
                directory.resolve("missing.pem").toString(), "--tls-key", directory.resolve("key.pem").toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--tls-cert/--tls-key: the certificate file").contains("does not exist");
        assertThat(data).doesNotExist();
    }

    @Test
    void serveRefusesANegativeDiskMinimum() {
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--disk-free-min-mb", "-1"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--disk-free-min-mb must be 0..1048576, got -1");
    }

    @Test
    void benchRunsAndPrintsOneJsonLine() {
        Path data = directory.resolve("bench");
        assertThat(run("bench", "--accounts", "20", "--transfers", "5000", "--batch-size", "500", "--no-postgres",
                "--data", data.toString())).isZero();
        assertThat(out.toString().trim()).startsWith("{\"benchmark\":\"settle\"").endsWith("}")
                .contains("\"failures\":0").doesNotContain("\"postgres\"");
        assertThat(run("verify", "--data", data.toString())).isZero();
    }

    @Test
    void paymentsBenchRunsAgainstItsOwnProcessorAndPrintsOneJsonLine() throws Exception {
        try {
            assertThat(run("bench", "--payments", "--seconds", "1", "--warmup-seconds", "0", "--connections", "4",
                    "--data", directory.resolve("payments").toString())).isZero();
            assertThat(out.toString().trim()).startsWith("{\"benchmark\":\"payments\"").endsWith("}")
                    .contains("\"failed\":0");
        } finally {
            // The bench moved the log to a file in its directory: give the next tests the built-in one.
            BuiltInLogging.restore();
        }
    }

    @Test
    void serveRefusesABadProcessorUrlOrExpiry() {
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--processor-url", "ftp://x"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--processor-url must be an http or https URL");
        assertThat(run("serve", "--data", directory.toString(), "--port", "0", "--authorization-expiry-hours", "0"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--authorization-expiry-hours must be 1..744, got 0");
    }
}
