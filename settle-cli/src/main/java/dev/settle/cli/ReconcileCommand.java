package dev.settle.cli;

import dev.settle.api.json.JsonReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settle reconcile}: uploads a statement file to a running server for an account, with a
 * progress bar while it streams, and prints the run's summary as a table (docs/reconciliation.md).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = {
    "Import a bank or processor statement for an account and match it against the ledger;",
    "print the run's summary. Exit 0 when every line matched, 1 when some are exceptions",
    "or the import was refused."})
final class ReconcileCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final String CONTENT_TYPE = "application/octet-stream";

    @Option(names = "--file", required = true, paramLabel = "PATH", description = "The statement file.")
    Path file;

    @Option(names = "--account", required = true, paramLabel = "ID", description = "The account it is a statement of.")
    String account;

    @Option(names = "--format", paramLabel = "FORMAT", description = {"camt053, csv or settlement_report (default:",
            "camt053 for .xml files, csv otherwise)."})
    String format;

    @Option(names = "--mapping", paramLabel = "FIELD=COLUMN", description = {"For CSV: a column mapping, repeated",
            "(date=Booking Date, amount=Amount, reference=Ref, decimal_separator=, …)."})
    List<String> mapping = new ArrayList<>();

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The server (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--api-key", description = "The tenant's secret key (default: $SETTLE_API_KEY).")
    String apiKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String key = apiKey != null ? apiKey : System.getenv("SETTLE_API_KEY");
        if (key == null || key.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--api-key (or $SETTLE_API_KEY) is needed");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
        }
        String chosen = format != null ? format : file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")
                ? "camt053" : "csv";
        long size = Files.size(file);
        HttpResponse<String> answer;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("upload").setInitialMax(size)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" KiB", 1024).continuousUpdate().build()) {
            HttpRequest request = HttpRequest.newBuilder(url.resolve("/v1/reconciliation/statements" + query(chosen)))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + key).header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> counted(bar))).build();
            answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        Map<String, Object> body = JsonReader.parseObject(answer.body().getBytes(StandardCharsets.UTF_8));
        if (answer.statusCode() != 201) {
            err.println("settle reconcile: refused (" + answer.statusCode() + "): " + describe(body));
            return Main.EXIT_FAILED;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) body.get("run");
        out.print(SummaryTable.of(body, run));
        out.flush();
        return ((Number) run.get("unmatched")).longValue() == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private String query(String chosen) {
        StringBuilder q = new StringBuilder("?account_id=").append(encode(account)).append("&format=")
                .append(encode(chosen));
        for (String m : mapping) {
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mapping takes FIELD=COLUMN, not " + m);
            }
            q.append("&mapping%5B").append(encode(m.substring(0, eq))).append("%5D=")
                    .append(encode(m.substring(eq + 1)));
        }
        return q.toString();
    }

    private InputStream counted(ProgressBar bar) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bar.stepBy(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static String describe(Map<String, Object> body) {
        Object error = body.get("error");
        if (!(error instanceof Map<?, ?>)) {
            return String.valueOf(body);
        }
        Map<String, Object> e = (Map<String, Object>) error;
        Object line = e.get("line");
        return e.get("code") + ": " + e.get("message") + (line == null ? "" : " (line " + line + ")");
    }
}
