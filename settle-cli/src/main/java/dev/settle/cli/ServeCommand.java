package dev.settle.cli;

import dev.settle.api.tls.TlsConnections;
import dev.settle.pod.PodRecovery;
import dev.settle.secrets.MasterKeys;
import dev.settle.server.ServerConfig;
import dev.settle.server.SettleServer;
import dev.settle.store.StoreException;
import dev.settle.tracing.TracingConfig;
import dev.settle.traffic.DegradationPolicy;
import dev.settle.traffic.PolicyException;
import dev.settle.webhooks.WebhookConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code settle serve}: opens the data directory, recovers, and serves the HTTP API until
 * SIGTERM or SIGINT; then stops accepting, finishes in-flight requests, flushes and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Settle HTTP API on a data directory (created when missing).")
final class ServeCommand implements Callable<Integer> {
    static final String PORT_ENVIRONMENT = "SETTLE_PORT";
    static final String ADMIN_TOKEN_ENVIRONMENT = "SETTLE_ADMIN_TOKEN";
    /** OpenTelemetry's standard name for the collector's base URL. */
    static final String OTLP_ENDPOINT_ENVIRONMENT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final int PORT_DEFAULT = 8080;
    /** How often the main thread looks whether the pod stopped by itself. */
    static final long FAILURE_CHECK_MILLIS = 200;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $SETTLE_DATA or ./data).")
    Path data;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default: $SETTLE_PORT or 8080; 0: any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--pods", paramLabel = "N",
            description = {"Pods (single-writer tenant shards) in the process, 1..64 (default: the number of cores;",
                    "1 on a cluster node, which holds one pod per store: docs/decisions/0015)."})
    Integer pods;

    @Option(names = "--degradation", paramLabel = "FILE",
            description = "Limits and load-shedding policy (default: config/degradation.yaml when present,"
                    + " else the built-in policy, which is the same as the shipped file).")
    Path degradation;

    @Option(names = "--event-retention-days", paramLabel = "DAYS", defaultValue = "30",
            description = "Days events (and their webhook deliveries) are kept, 1..3650 (default: ${DEFAULT-VALUE}).")
    int eventRetentionDays;

    @Option(names = "--webhook-disable-after-hours", paramLabel = "HOURS", defaultValue = "120",
            description = {"Hours of continuous delivery failure after which a webhook endpoint is disabled,",
                    "1..8760 (default: ${DEFAULT-VALUE}). Webhook targets that resolve to a special-purpose",
                    "address (loopback, private, link-local, reserved: the IANA registries) are refused, and",
                    "a delivery connects only to an address it checked. $" + WebhookConfig.ALLOW_PRIVATE_TARGETS_ENV + "=true",
                    "accepts them, for tests and local development only: keep it off in production."})
    int webhookDisableAfterHours;

    @Option(names = "--disk-free-min-mb", paramLabel = "MIB",
            description = {"Below this much free space on the data directory's file system, /health/ready",
                    "answers 503 (default: " + ServerConfig.DISK_FREE_MIN_MIB_DEFAULT + "; 0 turns the check off)."})
    Long diskFreeMinMib;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = {"Export spans over OTLP/HTTP to this collector (to its /v1/traces), such as",
                    "http://127.0.0.1:4318 (default: $" + OTLP_ENDPOINT_ENVIRONMENT + "; unset: no spans, while a",
                    "request's traceparent is still passed on to its webhook deliveries)."})
    String otlpEndpoint;

    @Option(names = "--trace-sample-ratio", paramLabel = "RATIO",
            description = {"Share of new traces recorded when exporting, 0..1 (default: 1); a caller's",
                    "traceparent decides for its own trace."})
    Double traceSampleRatio;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = {"Serve HTTPS (HTTP/2 or HTTP/1.1) with this PEM certificate, followed by its",
                    "intermediates; needs --tls-key. Read once: a renewed certificate takes a restart."})
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = {"The certificate's private key, PEM, unencrypted (PKCS#8, PKCS#1 RSA or SEC1 EC);",
                    "readable by the server's user alone. Needs --tls-cert."})
    Path tlsKey;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = {"Master keys that seal webhook secrets at rest: one base64 key of 32 bytes per line",
                    "(openssl rand -base64 32), the current one first, then previous ones until start-up has",
                    "re-sealed under the current one. Default: $" + MasterKeys.ENVIRONMENT + " (and $"
                            + MasterKeys.ENVIRONMENT_PREVIOUS + "), else",
                    "DATA/" + MasterKeys.FILE_NAME + ", generated on the first start (move it out of the data directory)."})
    Path masterKeyFile;

    @Option(names = "--node-id", paramLabel = "ID",
            description = {"This node's id in a cluster (needs --peers): letters, digits, '.', '_', '-'."})
    String nodeId;

    @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
            description = {"Every node of the cluster, this one included, with the address its Raft traffic",
                    "uses (e.g. n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103). Each pod is then",
                    "a Raft group of these nodes; writes are acknowledged once on a majority (docs/replication.md)."})
    String peers;

    @Option(names = "--snapshot-every-batches", paramLabel = "N",
            description = {"On a cluster node: snapshot the pod and purge its Raft log every N applied batches",
                    "(default: 8192; at least 16)."})
    Long snapshotEveryBatches;

    @Option(names = "--processor-url", paramLabel = "URL",
            description = {"The card processor payment intents are charged through, e.g. a",
                    "`settle processor-sim` (default: none; confirming a payment then answers 503)."})
    String processorUrl;

    @Option(names = "--authorization-expiry-hours", paramLabel = "HOURS",
            description = {"Authorizations not captured within this many hours are voided (payment intents",
                    "with capture_method=manual; default: 168, 7 days; 1.." + ServerConfig.AUTHORIZATION_EXPIRY_HOURS_MAX
                            + ")."})
    Integer authorizationExpiryHours;

    @CommandLine.Mixin
    ClientLimitOptions clientLimits = new ClientLimitOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config = configuration(err);
        if (config == null) {
            return Main.EXIT_USAGE;
        }
        Path directory = config.data();
        int listenPort = config.port();
        SettleServer server;
        try {
            server = SettleServer.start(config, key -> {
                out.println("settle: created tenant \"default\"; its secret key is shown this once:");
                out.println("  " + key);
            });
        } catch (SettleServer.ClusterMismatchException e) {
            err.println("settle serve: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (StoreException | SettleServer.ConfigurationException e) {
            err.println("settle serve: " + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (java.io.IOException e) {
            err.println("settle serve: cannot listen on " + host + ":" + listenPort + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        // Before announcing readiness: a supervisor may signal as soon as it reads the lines below.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Termination.onSignal(stopRequested::countDown);
        PodRecovery loaded = server.pods().recovery();
        out.printf("settle: ready on %s: %,d accounts, %,d open pending transfers, loaded in %d ms%n",
                directory.toAbsolutePath(), loaded.accounts(), loaded.openPendingTransfers(), loaded.millis());
        out.printf("settle: %d pods; %s%n", config.pods(), config.degradation().describe());
        out.printf("settle: listening on %s://%s:%d (admin API %s)%n", TlsConnections.scheme(config.tls()), host,
                server.port(), config.adminToken() == null || config.adminToken().isEmpty() ? "off" : "on");
        if (config.tls() != null) {
            out.printf("settle: TLS certificate %s%n", config.tls().describe());
        }
        out.flush();
        // A safety net for exits that do not come through a signal (System.exit elsewhere).
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "settle-shutdown"));
        while (!stopRequested.await(FAILURE_CHECK_MILLIS, TimeUnit.MILLISECONDS) && server.failure() == null) {
            // Waiting for SIGTERM/SIGINT, or for the pod to stop on its own (disk full, I/O error).
        }
        server.close();
        if (server.failure() != null) {
            err.println("settle serve: stopped: " + server.failure().getMessage()
                    + "; nothing unacknowledged was applied. Fix the cause and start again.");
            return Main.EXIT_FAILED;
        }
        out.println("settle: stopped; every acknowledged command is on disk");
        return Main.EXIT_OK;
    }

    /**
     * The server's configuration from the options and the environment, every setting checked by
     * {@link ServerConfig.Builder#build}; null after reporting what is wrong.
     */
    private ServerConfig configuration(PrintWriter err) {
        Integer listenPort = port != null ? port : portFromEnvironment(err);
        TracingConfig tracing = listenPort == null ? null : tracing(err);
        if (tracing == null) {
            return null;
        }
        DegradationPolicy policy;
        try {
            policy = loadPolicy(err);
        } catch (PolicyException e) {
            err.println("settle serve: bad degradation policy, not starting: " + e.getMessage());
            return null;
        }
        ServerConfig.Builder config = ServerConfig.builder(DataDirectory.resolve(data)).host(host).port(listenPort)
                .adminToken(System.getenv(ADMIN_TOKEN_ENVIRONMENT)).degradation(policy).tracing(tracing)
                .webhooks(WebhookConfig.defaults().toBuilder()
                        .allowPrivateTargets(WebhookConfig.isOn(System.getenv(WebhookConfig.ALLOW_PRIVATE_TARGETS_ENV)))
                        .build())
                .eventRetentionDays(eventRetentionDays).webhookDisableAfterHours(webhookDisableAfterHours);
        if (pods != null) {
            config.pods(pods);
        }
        if (diskFreeMinMib != null) {
            config.diskFreeMinMib(diskFreeMinMib);
        }
        clientLimits.applyTo(config);
        if (nodeId != null || peers != null) {
            config.cluster(nodeId, peers);
        }
        if (snapshotEveryBatches != null) {
            config.snapshotEveryEntries(snapshotEveryBatches);
        }
        if (tlsCertificate != null || tlsKey != null) {
            config.tls(tlsCertificate, tlsKey);
        }
        if (masterKeyFile != null) {
            config.masterKeyFile(masterKeyFile);
        }
        config.processorUrl(processorUrl);
        if (authorizationExpiryHours != null) {
            config.authorizationExpiryHours(authorizationExpiryHours);
        }
        config.masterKeyEnvironment(System.getenv(MasterKeys.ENVIRONMENT), System.getenv(MasterKeys.ENVIRONMENT_PREVIOUS));
        try {
            return config.build();
        } catch (ServerConfig.ConfigException e) {
            err.println("settle serve: " + e.getMessage());
            return null;
        }
    }

    /**
     * Spans to --otlp-endpoint, else to $OTEL_EXPORTER_OTLP_ENDPOINT, else off; null after
     * reporting a bad value (the ratio is checked even when export is off, so a typo shows).
     */
    private TracingConfig tracing(PrintWriter err) {
        String endpoint = otlpEndpoint != null ? otlpEndpoint : System.getenv(OTLP_ENDPOINT_ENVIRONMENT);
        String endpointSource = otlpEndpoint != null ? "--otlp-endpoint" : "$" + OTLP_ENDPOINT_ENVIRONMENT;
        double ratio = traceSampleRatio != null ? traceSampleRatio : TracingConfig.SAMPLE_RATIO_DEFAULT;
        java.net.URI uri = null;
        try {
            uri = endpoint == null || endpoint.isBlank() ? null : TracingConfig.endpoint(endpoint);
        } catch (IllegalArgumentException e) {
            err.println("settle serve: " + endpointSource + ": " + e.getMessage());
            return null;
        }
        try {
            return uri == null ? new TracingConfig(null, ratio, null) : TracingConfig.otlp(uri, ratio);
        } catch (IllegalArgumentException e) {
            err.println("settle serve: --trace-sample-ratio: " + e.getMessage());
            return null;
        }
    }

    /** The policy of --degradation, else of config/degradation.yaml when present, else the built-in one. */
    private DegradationPolicy loadPolicy(PrintWriter err) throws PolicyException {
        if (degradation != null) {
            return DegradationPolicy.load(degradation);
        }
        Path shipped = Path.of(DegradationPolicy.DEFAULT_PATH);
        if (Files.isRegularFile(shipped)) {
            return DegradationPolicy.load(shipped);
        }
        err.println("settle: no " + DegradationPolicy.DEFAULT_PATH + "; using the built-in degradation policy");
        err.flush();
        return DegradationPolicy.defaults();
    }

    private static Integer portFromEnvironment(PrintWriter err) {
        String text = System.getenv(PORT_ENVIRONMENT);
        if (text == null || text.isBlank()) {
            return PORT_DEFAULT;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= ServerConfig.PORT_MAX) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        err.println("settle serve: " + PORT_ENVIRONMENT + " must be a port number from 0 to " + ServerConfig.PORT_MAX);
        return null;
    }
}
