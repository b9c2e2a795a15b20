package dev.settle.cli;

import dev.settle.bench.http.HttpBench;
import dev.settle.bench.http.HttpBenchConfig;
import dev.settle.bench.http.HttpBenchResult;
import dev.settle.bench.webhooks.WebhookRelayBench;
import dev.settle.bench.webhooks.WebhookRelayResult;
import dev.settle.cli.logs.LogFile;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.webhooks.WebhookConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code settle bench --http}: the HTTP load generator against a running server (--url and
 * --api-key), or against a server this command starts on a temporary directory over loopback —
 * in the same process, sharing its cores, as a server and its clients would on one machine. The
 * server it starts gets a random admin token, with which the bench tenant's limits are raised
 * to the highest (its rate limiter would otherwise answer most requests 429); against --url the
 * tenant's limits are the operator's, and 429s are reported apart from accepted transfers.
 *
 * <p>With {@code --webhooks} (a started server only: the server must reach the receiver) the
 * server also delivers every event of the bench's tenant to a local receiver, and the run
 * measures that relay once the load has ended ({@link WebhookRelayBench}).
 */
final class HttpBenchRun {
    static final String LOOPBACK = ServerConfig.LOOPBACK;

    private HttpBenchRun() {}

    /**
     * What a run measured.
     *
     * @param bench the HTTP phases
     * @param webhooks the relay's figures with {@code --webhooks}, else null
     */
    record Outcome(HttpBenchResult bench, WebhookRelayResult webhooks) {
        /** The bench's JSON line; with webhooks, it ends with a {@code "webhooks"} object. */
        String toJsonLine() {
            String line = bench.toJsonLine();
            if (webhooks == null) {
                return line;
            }
            if (!line.startsWith("{") || !line.endsWith("}")) {
                throw new IllegalStateException("the bench's result is no JSON object: " + line);
            }
            return line.substring(0, line.length() - 1) + ",\"webhooks\":" + webhooks.toJson() + "}";
        }

        /** Transfers not created, or events not delivered before the wait ended. */
        boolean failed() {
            return bench.errors() != 0 || (webhooks != null && webhooks.undeliveredEvents() != 0);
        }
    }

    /** Runs the bench; {@code directory} is used when no URL is given; {@code webhooks} needs no URL. */
    static Outcome run(URI url, String apiKey, Path directory, boolean webhooks,
            BiFunction<URI, String, HttpBenchConfig> settings, Consumer<String> progress) throws Exception {
        if (url != null) {
            if (webhooks) {
                throw new IllegalArgumentException("webhooks need a server started here, not --url");
            }
            return new Outcome(HttpBench.run(settings.apply(url, apiKey)), null);
        }
        String adminToken = BenchTenantLimits.newAdminToken();
        ServerConfig config = ServerConfig.builder(directory).host(LOOPBACK).adminToken(adminToken)
                .webhooks(WebhookConfig.defaults().toBuilder().allowPrivateTargets(webhooks).build()).build();
        String[] key = new String[1];
        try (SettleServer server = SettleServer.start(config, created -> key[0] = created)) {
            URI local = URI.create("http://" + LOOPBACK + ":" + server.port());
            progress.accept("settle bench: started a server on " + local + " over " + directory);
            BenchTenantLimits.raise(local, adminToken);
            progress.accept("settle bench: the bench tenant's limits raised to " + BenchTenantLimits.RATE_PER_SECOND
                    + " requests/s, so that only accepted transfers are measured");
            LogFile.redirectTo(directory, progress);
            if (!webhooks) {
                return new Outcome(HttpBench.run(settings.apply(local, key[0])), null);
            }
            return runWithWebhooks(local, key[0], settings, progress);
        }
    }

    private static Outcome runWithWebhooks(URI local, String key, BiFunction<URI, String, HttpBenchConfig> settings,
            Consumer<String> progress) throws Exception {
        try (WebhookRelayBench relay = WebhookRelayBench.start(local, key)) {
            progress.accept("webhooks: endpoint " + relay.endpointId() + " delivers every event to "
                    + relay.receiverUri());
            relay.loadStarted();
            HttpBenchResult bench = HttpBench.run(settings.apply(local, key));
            relay.loadEnded();
            progress.accept("webhooks: load ended; waiting up to " + WebhookRelayBench.DRAIN_TIMEOUT_DEFAULT.toMinutes()
                    + " min for every event to arrive");
            WebhookRelayResult result = relay.finish(WebhookRelayBench.DRAIN_TIMEOUT_DEFAULT);
            progress.accept(result.summary());
            return new Outcome(bench, result);
        }
    }
}
