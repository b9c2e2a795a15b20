package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code settle reconcile} uploads a statement and prints its run; {@code settle bench --reconcile} measures one. */
class ReconcileCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aStatementIsUploadedAndItsRunPrintedAsATable() throws Exception {
        String[] key = new String[1];
        try (SettleServer server = SettleServer.start(ServerConfig.builder(dir.resolve("data"))
                .host(HttpBenchRun.LOOPBACK).build(), created -> key[0] = created)) {
            URI base = URI.create("http://" + HttpBenchRun.LOOPBACK + ":" + server.port());
            String bank = id(post(base, key[0], "/v1/accounts", "{\"currency\":\"EUR\"}"));
            String other = id(post(base, key[0], "/v1/accounts", "{\"currency\":\"EUR\"}"));
            String transfer = post(base, key[0], "/v1/transfers", "{\"debit_account_id\":\"" + bank
                    + "\",\"credit_account_id\":\"" + other + "\",\"amount\":123456,\"code\":1}");
            String day = transfer.replaceAll("(?s).*\"created\":\"(\\d{4}-\\d{2}-\\d{2}).*", "$1");
            Path csv = dir.resolve("statement.csv");
            Files.writeString(csv, "\uFEFFBuchungstag;Betrag;Verwendungszweck\r\n" + day + ";1.234,56;" + id(transfer)
                    + "\r\n" + day + ";-9,99;Kontogebühr\r\n");
            String[] args = {"reconcile", "--file", csv.toString(), "--account", bank, "--url", base.toString(),
                "--api-key", key[0], "--mapping", "date=Buchungstag", "--mapping", "amount=Betrag", "--mapping",
                "reference=Verwendungszweck", "--mapping", "delimiter=;", "--mapping", "decimal_separator=,",
                "--mapping", "thousands_separator=."};
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
            assertThat(exit).as(err.toString()).isEqualTo(Main.EXIT_FAILED);
            assertThat(out.toString()).containsPattern("matched\\s+1\\n").containsPattern("unmatched\\s+1\\n")
                    .containsPattern("no_candidate\\s+1\\n").contains("matched in (EUR)");
            assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args))
                    .isEqualTo(Main.EXIT_FAILED);
            assertThat(err.toString()).contains("statement_duplicate");
        }
    }

    @Test
    void theReconcileBenchMatchesEveryLine() {
        try {
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--reconcile",
                    "--lines", "3000", "--data", dir.resolve("bench").toString());
            assertThat(exit).as(err.toString()).isEqualTo(Main.EXIT_OK);
            assertThat(out.toString()).contains("\"bench\":\"reconcile\"", "\"lines\":3000", "\"matched\":3000");
        } finally {
            BuiltInLogging.restore();
        }
    }

    private static String post(URI base, String key, String path, String json) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return answer.body();
    }

    private static String id(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
