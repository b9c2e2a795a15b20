package dev.settle.bench.reconcile;

import dev.settle.bench.JsonLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code settle bench --reconcile}: posts N transfers on a bank account over the HTTP API (in
 * batches), writes a CSV statement of N lines that shows each of them (reference = the
 * transfer's id, amounts in decimal, today's date), uploads it and measures how long the import
 * and its matching take: statement lines matched per second, end to end over HTTP, durable.
 */
public final class ReconcileBench {
    /** Transfers per batch request (the API's maximum is 8,190). */
    static final int BATCH_TRANSFERS = 8_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern MATCHED = Pattern.compile("\"matched\":(\\d+)");
    private static final Pattern UNMATCHED = Pattern.compile("\"unmatched\":(\\d+)");
    private static final Pattern NOT_OK = Pattern.compile("\"result\":\"(?!ok\")");
    private static final Pattern DURATION = Pattern.compile("\"duration_ms\":(\\d+)");

    /** Where and how much. */
    public record Config(URI url, String apiKey, int lines, Path directory, Consumer<String> progress) {}

    /** What one run measured. */
    public record Result(int lines, long matched, long unmatched, long transfersMillis, long statementBytes,
            long importMillis, long serverRunMillis) {
        public double linesPerSecond() {
            return importMillis == 0 ? 0 : lines * 1000.0 / importMillis;
        }

        public String toJson() {
            return new JsonLine().field("bench", "reconcile").field("lines", lines).field("matched", matched)
                    .field("unmatched", unmatched).field("statement_bytes", statementBytes)
                    .field("transfers_setup_ms", transfersMillis).field("import_ms", importMillis)
                    .field("server_run_ms", serverRunMillis).field("lines_per_second", linesPerSecond()).toString();
        }
    }

    private ReconcileBench() {}

    public static Result run(Config config) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String bank = UUID.randomUUID().toString();
        String customers = UUID.randomUUID().toString();
        post(http, config, "/v1/accounts", "{\"id\":\"" + bank + "\",\"currency\":\"USD\"}");
        post(http, config, "/v1/accounts", "{\"id\":\"" + customers + "\",\"currency\":\"USD\"}");
        Path csv = config.directory().resolve("statement.csv");
        Random random = new Random(42);
        long setupStart = System.nanoTime();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("date,amount,reference\n");
            StringBuilder batch = new StringBuilder();
            int inBatch = 0;
            for (int i = 0; i < config.lines(); i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                long amount = 100 + random.nextInt(1_000_000);
                batch.append(inBatch == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"debit_account_id\":\"")
                        .append(bank).append("\",\"credit_account_id\":\"").append(customers).append("\",\"amount\":")
                        .append(amount).append(",\"code\":1}");
                out.write(today + "," + amount / 100 + "." + String.format("%02d", amount % 100) + "," + id + "\n");
                if (++inBatch == BATCH_TRANSFERS || i == config.lines() - 1) {
                    post(http, config, "/v1/transfers/batch", "{\"transfers\":[" + batch + "]}");
                    batch.setLength(0);
                    inBatch = 0;
                    config.progress().accept("settle bench: " + (i + 1) + " transfers posted");
                }
            }
        }
        long transfersMillis = (System.nanoTime() - setupStart) / 1_000_000;
        long bytes = Files.size(csv);
        config.progress().accept("settle bench: uploading a statement of " + config.lines() + " lines (" + bytes
                + " bytes)");
        String query = "?account_id=" + bank + "&format=csv&mapping%5Bdate%5D=date&mapping%5Bamount%5D=amount"
                + "&mapping%5Breference%5D=reference";
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(config.url().resolve(
                "/v1/reconciliation/statements" + query)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + config.apiKey()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        long importMillis = (System.nanoTime() - start) / 1_000_000;
        if (answer.statusCode() != 201) {
            throw new IOException("the statement import answered " + answer.statusCode() + ": " + answer.body());
        }
        Files.deleteIfExists(csv);
        return new Result(config.lines(), number(MATCHED, answer.body()), number(UNMATCHED, answer.body()),
                transfersMillis, bytes, importMillis, number(DURATION, answer.body()));
    }

    private static long number(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void post(HttpClient http, Config config, String path, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(config.url().resolve(path))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + config.apiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2 || NOT_OK.matcher(answer.body()).find()) {
            throw new IOException(path + " answered " + answer.statusCode() + ": "
                    + answer.body().substring(0, Math.min(400, answer.body().length())));
        }
    }
}
