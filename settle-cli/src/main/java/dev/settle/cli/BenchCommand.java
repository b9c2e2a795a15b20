package dev.settle.cli;

import dev.settle.bench.BaselineResult;
import dev.settle.bench.BaselineUnavailableException;
import dev.settle.bench.PostgresBaseline;
import dev.settle.bench.PostgresBaselineConfig;
import dev.settle.bench.SettleBench;
import dev.settle.bench.JsonLine;
import dev.settle.bench.SettleBenchResult;
import dev.settle.bench.WorkloadSpec;
import dev.settle.pod.PodConfig;
import dev.settle.bench.http.HttpBenchConfig;
import dev.settle.bench.payments.PaymentsBenchConfig;
import dev.settle.bench.reconcile.ReconcileBench;
import dev.settle.bench.payments.PaymentsBenchResult;
import java.io.IOException;
import java.net.URI;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settle bench}: the in-process workload against a pod with synced durability, then the
 * same workload against a PostgreSQL row-lock ledger, in one run. Progress bars go to standard
 * error, one JSON line with the figures to standard output.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Measure Settle's ledger in-process (synced writes) against a PostgreSQL row-lock ledger.",
    "Prints progress on stderr and one JSON line of results on stdout."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--hot-percent", defaultValue = "0",
            description = "Share of transfers touching one hot account, 0-100 (default: ${DEFAULT-VALUE}).")
    int hotPercent;

    @Option(names = "--transfers", defaultValue = "1000000", description = "Transfers for Settle (default: ${DEFAULT-VALUE}).")
    long transfers;

    @Option(names = "--batch-size", defaultValue = "8190", description = "Transfers per submission (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--pending-percent", defaultValue = "0",
            description = "Share of two-phase transfers (pending, then posted), 0-100 (default: ${DEFAULT-VALUE}).")
    int pendingPercent;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent submitters (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seed", defaultValue = "1", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pod-batch-events", defaultValue = "16380",
            description = "Events per group commit at most (default: ${DEFAULT-VALUE}).")
    int podBatchEvents;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory for the run (default: a new temporary directory, deleted afterwards).")
    Path data;

    @Option(names = "--keep-data", description = "Keep the temporary data directory (to time a restart, or verify it).")
    boolean keepData;

    @Option(names = "--no-postgres", description = "Skip the PostgreSQL baseline (run by default).")
    boolean skipPostgres;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "JDBC URL of the baseline (default: ${DEFAULT-VALUE}).")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    @Option(names = "--postgres-clients", defaultValue = "16",
            description = "Baseline client connections (default: ${DEFAULT-VALUE}).")
    int postgresClients;

    @Option(names = "--postgres-transfers", defaultValue = "20000",
            description = "Transfers for the baseline, which is much slower (default: ${DEFAULT-VALUE}).")
    long postgresTransfers;

    @Option(names = "--http", description = {"Measure the HTTP API instead: single transfers, then batches, over",
        "loopback with many connections (a server is started here unless --url is given)."})
    boolean http;

    @Option(names = "--url", paramLabel = "URL", description = "With --http: a running server (e.g. http://127.0.0.1:8080).")
    URI url;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "With --url: the tenant's secret key (default: $SETTLE_API_KEY).")
    String apiKey;

    @Option(names = "--connections", defaultValue = "48",
            description = "With --http: connections for single transfers (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch-connections", defaultValue = "4",
            description = "With --http: connections for batches (default: ${DEFAULT-VALUE}).")
    int batchConnections;

    @Option(names = "--http-batch-size", defaultValue = "1000",
            description = "With --http: transfers per batch request (default: ${DEFAULT-VALUE}).")
    int httpBatchSize;

    @Option(names = "--seconds", defaultValue = "15",
            description = "With --http: measured seconds of each phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "With --http: unmeasured seconds before each phase; a fresh server's JIT needs them"
                    + " (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--event-loops", defaultValue = "1",
            description = "With --http: load generator threads (default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Option(names = "--webhooks", description = {"With --http (not --url): also deliver every event to a local"
            + " webhook receiver, and measure the relay: events, deliveries, events/s during the load, drain time."})
    boolean webhooks;

    @Option(names = "--uuid-v4-ids", description = "With --http: random v4 transfer ids instead of time-ordered v7.")
    boolean uuidV4Ids;

    @Option(names = "--payments", description = {"Measure payments over HTTP: intents created and confirmed (the",
            "processor authorizes), then captured, against a processor simulator at 20 ms per call (started here",
            "unless --url is given); --connections payments at a time (default 256 here)."})
    boolean payments;

    @Option(names = "--reconcile", description = {"Measure reconciliation over HTTP: --lines transfers posted on an"
            + " account, then a CSV statement", "of as many lines imported and matched against them (a server is"
            + " started here unless --url is given)."})
    boolean reconcile;

    @Option(names = "--lines", defaultValue = "1000000", paramLabel = "N",
            description = "With --reconcile: statement lines and transfers (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--scenario", paramLabel = "NAME", description = {"A traffic-control scenario over HTTP against a"
            + " server this command starts with 2 pods: " + ScenarioRun.NOISY_NEIGHBOUR + " or "
            + ScenarioRun.POD_OVERLOAD + " (docs/benchmarks.md)."})
    String scenario;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "With --scenario: the steady tenant's requests per second (default: 1000 for "
                    + ScenarioRun.NOISY_NEIGHBOUR + ", 8000 for " + ScenarioRun.POD_OVERLOAD + ").")
    Double rate;

    @Option(names = "--noisy-limit", defaultValue = "200", paramLabel = "PER_SECOND",
            description = "With --scenario " + ScenarioRun.NOISY_NEIGHBOUR + ": the noisy tenant's writes per"
                    + " second; it floods at " + ScenarioRun.FLOOD_FACTOR + " times that (default: ${DEFAULT-VALUE}).")
    int noisyLimit;

    @Option(names = "--overload-rate", defaultValue = "2000", paramLabel = "PER_SECOND",
            description = "With --scenario " + ScenarioRun.POD_OVERLOAD + ": requests per second sent to the slowed"
                    + " pod (default: ${DEFAULT-VALUE}).")
    double overloadRate;

    @Option(names = "--slow-commit-millis", defaultValue = "1500", paramLabel = "MILLIS",
            description = "With --scenario " + ScenarioRun.POD_OVERLOAD + ": injected wait before each commit of"
                    + " the slowed pod (default: ${DEFAULT-VALUE}).")
    long slowCommitMillis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (webhooks && (!http || scenario != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--webhooks needs --http (and no --scenario)");
        }
        if (scenario != null) {
            return callScenario();
        }
        if (payments) {
            return callPayments();
        }
        if (reconcile) {
            return callReconcile();
        }
        if (http) {
            return callHttp();
        }
        WorkloadSpec workload = workload(transfers);
        PodConfig pod = podConfig();
        Path directory = data != null ? data : Files.createTempDirectory("settle-bench-");
        SettleBenchResult settle;
        try (ProgressBar bar = progressBar("settle", transfers)) {
            settle = SettleBench.run(new SettleBench.Config(directory, workload, clients, pod), bar::stepBy);
        } finally {
            if (data == null && !keepData) {
                deleteRecursively(directory);
            }
        }
        BaselineResult baseline = skipPostgres ? null : runBaseline();
        JsonLine line = new JsonLine().field("benchmark", "settle").field("workload", workloadJson(workload))
                .field("settle", settleJson(settle, directory));
        if (baseline != null) {
            line.field("postgres", baselineJson(baseline))
                    .field("ratio_vs_postgres", settle.transfersPerSecond() / baseline.transfersPerSecond());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return settle.failures() == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private int callScenario() throws Exception {
        if (!scenario.equals(ScenarioRun.NOISY_NEIGHBOUR) && !scenario.equals(ScenarioRun.POD_OVERLOAD)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenario must be "
                    + ScenarioRun.NOISY_NEIGHBOUR + " or " + ScenarioRun.POD_OVERLOAD + ", got " + scenario);
        }
        double steadyRate = rate != null ? rate : scenario.equals(ScenarioRun.NOISY_NEIGHBOUR) ? 1_000 : 8_000;
        ScenarioRun.Settings settings = new ScenarioRun.Settings(warmupSeconds, seconds, eventLoops, steadyRate,
                noisyLimit, overloadRate, slowCommitMillis);
        PrintWriter err = spec.commandLine().getErr();
        Path directory = data != null ? data : Files.createTempDirectory("settle-bench-scenario-");
        String line;
        try {
            line = ScenarioRun.run(scenario, directory, settings, message -> {
                err.println(message);
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            if (data == null && !keepData) {
                deleteRecursively(directory);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return Main.EXIT_OK;
    }

    private int callHttp() throws Exception {
        String key = apiKey();
        if (url != null && webhooks) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--webhooks needs a server started here, not"
                    + " --url: the server must reach the receiver on this machine's loopback");
        }
        int httpAccounts = spec.commandLine().getParseResult().hasMatchedOption("--accounts") ? accounts
                : HttpBenchConfig.ACCOUNTS_DEFAULT;
        PrintWriter err = spec.commandLine().getErr();
        BiFunction<URI, String, HttpBenchConfig> settings = (target, secret) -> {
            try {
                return HttpBenchConfig.builder(target, secret).accounts(httpAccounts).singleConnections(connections)
                        .singleDurationSeconds(seconds).singleWarmupSeconds(warmupSeconds)
                        .batchWarmupSeconds(warmupSeconds).eventLoops(eventLoops).uuidV4Ids(uuidV4Ids)
                        .batchConnections(batchConnections).batchSize(httpBatchSize)
                        .batchDurationSeconds(seconds).progress(line -> {
                            err.println(line);
                            err.flush();
                        }).build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        };
        HttpBenchRun.Outcome result = inDirectory("settle-bench-http-",
                directory -> HttpBenchRun.run(url, key, directory, webhooks, settings, err::println));
        return print(result.toJsonLine(), !result.failed());
    }

    /** A run whose server (when it starts one) lives in --data or a temporary directory, deleted after. */
    private <T> T inDirectory(String prefix, Run<T> run) throws Exception {
        Path directory = data != null ? data : Files.createTempDirectory(prefix);
        try {
            return run.in(directory);
        } finally {
            if (url == null && data == null && !keepData) {
                deleteRecursively(directory);
            }
        }
    }

    @FunctionalInterface
    private interface Run<T> {
        T in(Path directory) throws Exception;
    }

    /** Prints the result's JSON line on stdout; the exit code says whether the run succeeded. */
    private int print(String jsonLine, boolean succeeded) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(jsonLine);
        out.flush();
        return succeeded ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    /** --api-key, else $SETTLE_API_KEY; required with --url. */
    private String apiKey() {
        String key = apiKey != null ? apiKey : System.getenv("SETTLE_API_KEY");
        if (url != null && (key == null || key.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url needs --api-key (or $SETTLE_API_KEY)");
        }
        return key;
    }

    private int callPayments() throws Exception {
        String key = apiKey();
        int concurrency = spec.commandLine().getParseResult().hasMatchedOption("--connections") ? connections
                : PaymentsBenchConfig.CONCURRENCY_DEFAULT;
        PrintWriter err = spec.commandLine().getErr();
        BiFunction<URI, String, PaymentsBenchConfig> settings = (target, secret) -> {
            try {
                return new PaymentsBenchConfig(target, secret, concurrency, warmupSeconds, seconds, line -> {
                    err.println(line);
                    err.flush();
                });
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        };
        PaymentsBenchResult result = inDirectory("settle-bench-payments-",
                directory -> PaymentsBenchRun.run(url, key, directory, settings, err::println));
        return print(result.toJsonLine(), result.captured() > 0 && result.failed() == 0);
    }

    private int callReconcile() throws Exception {
        String key = apiKey();
        if (lines < 1 || lines > RECONCILE_LINES_MAX) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines must be 1 to " + RECONCILE_LINES_MAX);
        }
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        ReconcileBench.Result result = inDirectory("settle-bench-reconcile-",
                directory -> ReconcileBenchRun.run(url, key, lines, directory, progress));
        return print(result.toJson(), result.matched() == result.lines());
    }

    /** The largest statement the reconcile bench writes. */
    static final int RECONCILE_LINES_MAX = 10_000_000;

    private WorkloadSpec workload(long count) {
        try {
            return new WorkloadSpec(accounts, hotPercent, count, batchSize, pendingPercent, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private PodConfig podConfig() {
        try {
            return new PodConfig(podBatchEvents, Math.max(PodConfig.EVENTS_QUEUED_DEFAULT, podBatchEvents));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private BaselineResult runBaseline() {
        PostgresBaselineConfig config = PostgresBaselineConfig.defaults()
                .withConnection(postgresUrl, postgresUser, "")
                .withClients(postgresClients);
        try (ProgressBar bar = progressBar("postgres", postgresTransfers)) {
            return PostgresBaseline.run(config, workload(postgresTransfers), bar::stepBy);
        } catch (BaselineUnavailableException e) {
            throw new IllegalStateException(e.getMessage() + " (use --no-postgres to skip the baseline)", e);
        }
    }

    private JsonLine workloadJson(WorkloadSpec w) {
        return new JsonLine().field("accounts", w.accounts()).field("hot_percent", w.hotPercent())
                .field("transfers", w.transfers()).field("batch_size", w.batchSize())
                .field("pending_percent", w.pendingPercent()).field("clients", clients)
                .field("pod_batch_events_max", podBatchEvents).field("durability", "fsync per group commit");
    }

    private static JsonLine settleJson(SettleBenchResult r, Path directory) {
        return new JsonLine().field("transfers_per_second", r.transfersPerSecond()).field("seconds", r.seconds())
                .field("failures", r.failures()).field("pod_batches", r.podBatches())
                .field("pod_batch_events_avg", r.podBatchEventsAverage())
                .field("commit_latency_ms", new JsonLine().field("p50", r.commitLatencyMicrosP50() / 1000)
                        .field("p99", r.commitLatencyMicrosP99() / 1000).field("p999", r.commitLatencyMicrosP999() / 1000))
                .field("restart", new JsonLine().field("ready_ms", r.recoveryMillis())
                        .field("accounts", r.recoveredAccounts()).field("open_pending_transfers", r.recoveredOpenPendings())
                        .field("transfer_ids_background_ms", r.transferIdsLoadMillis())
                        .field("transfer_ids", r.transferIds()))
                .field("data_directory", directory.toString());
    }

    private static JsonLine baselineJson(BaselineResult r) {
        return new JsonLine().field("transfers_per_second", r.transfersPerSecond()).field("seconds", r.seconds())
                .field("transfers", r.transfers()).field("clients", r.clients())
                .field("latency_ms", new JsonLine().field("p50", r.latencyMicrosP50() / 1000)
                        .field("p99", r.latencyMicrosP99() / 1000).field("p999", r.latencyMicrosP999() / 1000));
    }

    private static ProgressBar progressBar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" transfers", 1).showSpeed().setUpdateIntervalMillis(500).continuousUpdate().build();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
