package dev.settle.cli;

import dev.settle.bench.JsonLine;
import dev.settle.bench.http.GroupResult;
import dev.settle.bench.http.OpenLoopBench;
import dev.settle.bench.http.OpenLoopResult;
import dev.settle.bench.http.TrafficGroup;
import dev.settle.cli.logs.LogFile;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.tenant.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code settle bench --scenario}: traffic-control scenarios against a server this command starts
 * (two pods, the default degradation policy, synced writes), with open-loop load at fixed rates.
 *
 * <ul>
 *   <li>{@code noisy-neighbour}: a quiet tenant at a steady rate alone, then while a noisy tenant
 *       in the other pod floods at ten times its write limit. Reports the quiet tenant's p99 both
 *       ways and the noisy tenant's share of 429s.</li>
 *   <li>{@code pod-overload}: a steady tenant near the machine's capacity alone, then while the
 *       other pod's commits are slowed (a slow disk, injected) and its tenant floods it. Reports
 *       the steady tenant's throughput both ways.</li>
 * </ul>
 */
final class ScenarioRun {
    static final String NOISY_NEIGHBOUR = "noisy-neighbour";
    static final String POD_OVERLOAD = "pod-overload";
    /** The flood of the noisy-neighbour scenario, in multiples of the noisy tenant's write limit. */
    static final int FLOOD_FACTOR = 10;
    private static final int PODS = 2;
    /** The shortest window OpenLoopBench takes; the warm-up's figures are dropped. */
    private static final int WARM_UP_MEASURED_SECONDS = 1;
    private static final int CONNECTIONS_STEADY = 64;
    private static final int CONNECTIONS_FLOOD = 256;
    private static final Pattern FIELD_KEY = Pattern.compile("\"api_key\":\"(sk_[A-Za-z0-9]+)\"");
    private static final Pattern FIELD_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    /** What a scenario is run with. */
    record Settings(int warmupSeconds, int seconds, int eventLoops, double steadyRate, int noisyWritesPerSecond,
            double overloadRate, long slowCommitMillis) {}

    private final SettleServer server;
    private final URI base;
    private final String adminToken;
    private final Settings settings;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ScenarioRun(SettleServer server, String adminToken, Settings settings, Consumer<String> progress) {
        this.server = server;
        this.base = URI.create("http://" + HttpBenchRun.LOOPBACK + ":" + server.port());
        this.adminToken = adminToken;
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs a scenario on a fresh server over {@code directory}; answers its JSON line. */
    static String run(String scenario, Path directory, Settings settings, Consumer<String> progress) throws Exception {
        String adminToken = ApiKeys.generate();
        ServerConfig config = ServerConfig.builder(directory).host(HttpBenchRun.LOOPBACK).adminToken(adminToken)
                .pods(PODS).build();
        try (SettleServer server = SettleServer.start(config, key -> { })) {
            ScenarioRun run = new ScenarioRun(server, adminToken, settings, progress);
            progress.accept("settle bench: scenario " + scenario + " on " + run.base + " (" + PODS + " pods)");
            LogFile.redirectTo(directory, progress);
            return switch (scenario) {
                case NOISY_NEIGHBOUR -> run.noisyNeighbour();
                case POD_OVERLOAD -> run.podOverload();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; known: "
                        + NOISY_NEIGHBOUR + ", " + POD_OVERLOAD);
            };
        }
    }

    private String noisyNeighbour() throws Exception {
        String quietKey = tenant("quiet", null, 0);
        String noisyKey = tenant("noisy", "{\"writes_per_second\":" + settings.noisyWritesPerSecond() + "}", 1);
        TrafficGroup quiet = group("quiet", quietKey, settings.steadyRate(), CONNECTIONS_STEADY);
        TrafficGroup noisy = group("noisy", noisyKey, (double) FLOOD_FACTOR * settings.noisyWritesPerSecond(),
                CONNECTIONS_FLOOD);
        warmUp(List.of(quiet, noisy));
        GroupResult alone = phase("alone", List.of(quiet)).group("quiet");
        OpenLoopResult flooded = phase("flood", List.of(quiet, noisy));
        GroupResult quietFlooded = flooded.group("quiet");
        GroupResult flood = flooded.group("noisy");
        return new JsonLine().field("bench", "scenario").field("scenario", NOISY_NEIGHBOUR)
                .field("noisy_writes_per_second_limit", settings.noisyWritesPerSecond())
                .field("quiet_p99_micros_alone", alone.latencyMicrosP99())
                .field("quiet_p99_micros_flooded", quietFlooded.latencyMicrosP99())
                .field("quiet_p99_ratio", quietFlooded.latencyMicrosP99() / alone.latencyMicrosP99())
                .field("noisy_rate_limited_share", flood.rateLimitedShare())
                .field("noisy_success_per_second", flood.successPerSecond())
                .field("alone", alone.toJson()).field("flood", groups(flooded))
                .toString();
    }

    private String podOverload() throws Exception {
        String steadyKey = tenant("steady", null, 0);
        String overloadedKey = tenant("overloaded", null, 1);
        TrafficGroup steady = group("steady", steadyKey, settings.steadyRate(), CONNECTIONS_STEADY);
        TrafficGroup overloaded = group("overloaded", overloadedKey, settings.overloadRate(), CONNECTIONS_FLOOD);
        warmUp(List.of(steady, overloaded));
        GroupResult normal = phase("normal", List.of(steady)).group("steady");
        OpenLoopResult during;
        try {
            during = phase("overload", List.of(steady, overloaded),
                    () -> server.pods().pod(1).injectBeforeCommit(
                            () -> Thread.sleep(settings.slowCommitMillis())));
        } finally {
            server.pods().pod(1).injectBeforeCommit(null);
        }
        GroupResult steadyDuring = during.group("steady");
        GroupResult flood = during.group("overloaded");
        return new JsonLine().field("bench", "scenario").field("scenario", POD_OVERLOAD)
                .field("slow_commit_millis", settings.slowCommitMillis())
                .field("steady_per_second_normal", normal.successPerSecond())
                .field("steady_per_second_overload", steadyDuring.successPerSecond())
                .field("steady_throughput_ratio", steadyDuring.successPerSecond() / normal.successPerSecond())
                .field("steady_p99_micros_normal", normal.latencyMicrosP99())
                .field("steady_p99_micros_overload", steadyDuring.latencyMicrosP99())
                .field("overloaded_shed_share", flood.answers() == 0 ? 0 : (double) flood.answers503() / flood.answers())
                .field("overloaded_success_per_second", flood.successPerSecond())
                .field("normal", normal.toJson()).field("overload", groups(during)).toString();
    }

    private static JsonLine groups(OpenLoopResult result) {
        JsonLine byName = new JsonLine();
        result.groups().forEach(g -> byName.field(g.name(), g.toJson()));
        return byName;
    }

    /**
     * Runs every group once, unmeasured, so that both the accepted and the refused paths are
     * compiled before the first measured phase (else "alone" would pay the JIT's warm-up).
     */
    private void warmUp(List<TrafficGroup> groups) throws InterruptedException {
        progress.accept("settle bench: warm-up of every path, " + settings.warmupSeconds() + " s");
        OpenLoopBench.run(groups, settings.warmupSeconds(), WARM_UP_MEASURED_SECONDS, settings.eventLoops(),
                progress);
    }

    private OpenLoopResult phase(String name, List<TrafficGroup> groups) throws InterruptedException {
        return phase(name, groups, () -> { });
    }

    /** A measured phase; {@code afterSetup} runs once the groups have their accounts. */
    private OpenLoopResult phase(String name, List<TrafficGroup> groups, Runnable afterSetup)
            throws InterruptedException {
        progress.accept("settle bench: phase " + name + ": " + settings.warmupSeconds() + " s warm-up, "
                + settings.seconds() + " s measured");
        return OpenLoopBench.run(groups, settings.warmupSeconds(), settings.seconds(), settings.eventLoops(),
                progress, afterSetup);
    }

    private TrafficGroup group(String name, String key, double rate, int connections) {
        return new TrafficGroup(name, base, key, rate, connections, TrafficGroup.ACCOUNTS_DEFAULT);
    }

    /** Creates a tenant with {@code limits} (JSON or null) in {@code pod}; answers its key. */
    private String tenant(String name, String limits, int pod) throws IOException, InterruptedException {
        String created = admin("/v1/admin/tenants",
                "{\"name\":\"" + name + "\"" + (limits == null ? "" : ",\"limits\":" + limits) + "}");
        String key = first(FIELD_KEY, created);
        admin("/v1/admin/tenants/" + first(FIELD_ID, created) + "/move", "{\"pod\":" + pod + "}");
        return key;
    }

    private String admin(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static String first(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected admin answer: " + body);
        }
        return m.group(1);
    }
}
