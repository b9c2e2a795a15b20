package dev.settle.server;

import dev.settle.api.guard.ClientLimits;
import dev.settle.api.guard.ConnectionLimits;
import dev.settle.api.tls.TlsIdentity;
import dev.settle.api.tls.TlsIdentityException;
import dev.settle.api.transfers.TransfersResource;
import dev.settle.cluster.ClusterPods;
import dev.settle.common.AddressRange;
import dev.settle.health.DiskSpace;
import dev.settle.health.HealthConfig;
import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.PodConfig;
import dev.settle.pod.Pods;
import dev.settle.replication.ReplicationConfig;
import dev.settle.secrets.MasterKeys;
import dev.settle.store.StoreOptions;
import dev.settle.tracing.TracingConfig;
import dev.settle.traffic.DegradationPolicy;
import dev.settle.webhooks.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Everything a Settle process is started with, built by name ({@link #builder}) and checked all
 * together when built: a bad value fails at once, naming the setting as {@code settle serve}
 * takes it ({@code --pods must be 1..64, got 0}). Sealed once built.
 *
 * @param host the address to listen on ({@code 127.0.0.1}, or {@code 0.0.0.0} for all)
 * @param port 0 for any free port
 * @param adminToken SETTLE_ADMIN_TOKEN, or null (or empty): admin API off; otherwise
 *     {@value #ADMIN_TOKEN_CHARS_MIN}..{@value #ADMIN_TOKEN_CHARS_MAX} characters
 * @param clockMillis wall clock for ids, tenants and idempotency expiry (tests move it)
 * @param ledgerClock where the pods' batches get their time
 * @param pods pods in the process (1..{@link Pods#PODS_MAX})
 * @param degradation the limits and load-shedding policy (config/degradation.yaml)
 * @param trafficNanos the monotonic clock of the rate limiters and of pod queue delays (tests move it)
 * @param webhooks the relay's settings (targets, timeouts, retries, retention)
 * @param tracing where spans go (off by default)
 * @param health what readiness asks of the disk
 * @param clients what one client may hold: deadlines, connections, body bytes, trusted proxies
 * @param tls the certificate chain and key HTTPS is served with, checked when built; null: plain HTTP
 * @param masterKeys the keys that seal webhook secrets at rest (default: the data directory's
 *        {@code master.key}, generated on the first start)
 * @param cluster this node's place in a cluster of replicated pods ({@code --node-id}, {@code --peers}),
 *        or null: a single node
 * @param payments the card processor ({@code --processor-url}) and the payments' timers
 */
public record ServerConfig(Path data, String host, int port, String adminToken, LongSupplier clockMillis,
        LedgerClock ledgerClock, PodConfig podConfig, StoreOptions storeOptions, int pods,
        DegradationPolicy degradation, LongSupplier trafficNanos, WebhookConfig webhooks, TracingConfig tracing,
        HealthConfig health, ClientLimits clients, TlsIdentity tls,
        MasterKeys masterKeys, ReplicationConfig cluster, PaymentsConfig payments) {
    public static final String LOOPBACK = "127.0.0.1";
    /** The name of a cluster's Raft groups (one cluster per set of data directories). */
    public static final String CLUSTER_NAME = "settle";
    /** In a cluster node's data directory: the store, and the Raft logs and snapshots beside it. */
    public static final String CLUSTER_STORE_DIRECTORY = "store";
    public static final String CLUSTER_RAFT_DIRECTORY = "raft";
    public static final int PORT_MAX = 65_535;
    /** Pods per process unless configured: one writer per core. */
    public static final int PODS_DEFAULT = Math.max(1, Math.min(Pods.PODS_MAX, Runtime.getRuntime().availableProcessors()));
    public static final int EVENT_RETENTION_DAYS_MAX = (int) WebhookConfig.EVENT_RETENTION_MAX.toDays();
    public static final int WEBHOOK_DISABLE_AFTER_HOURS_MAX = 8_760;
    /** 31 days: card networks drop authorizations long before (7 days is usual). */
    public static final int AUTHORIZATION_EXPIRY_HOURS_MAX = 744;
    public static final long BYTES_PER_MIB = 1024 * 1024;
    /** 1 TiB: a larger minimum is a typo. */
    public static final long DISK_FREE_MIN_MIB_MAX = 1024 * 1024;
    public static final long DISK_FREE_MIN_MIB_DEFAULT = DiskSpace.FREE_BYTES_MIN_DEFAULT / BYTES_PER_MIB;
    /** The largest body any route takes: one tenant's body budget may not be smaller. */
    public static final long LARGEST_BODY_BYTES = TransfersResource.BATCH_BODY_BYTES_MAX;
    /** Deadlines above an hour are typos. */
    public static final int DEADLINE_SECONDS_MAX = 3_600;
    public static final int CONNECTIONS_MAX_LIMIT = 1_000_000;
    /** 1 GiB/s as the slowest allowed rate would refuse every real client. */
    public static final int BODY_MIN_RATE_KIB_MAX = 1024 * 1024;
    /** 1 TiB of request bodies in flight is a typo. */
    public static final long BODY_BYTES_IN_FLIGHT_MIB_MAX = 1024 * 1024;
    /** The shortest admin token: 32 characters of a random token carry far more than guessing can reach. */
    public static final int ADMIN_TOKEN_CHARS_MIN = 32;
    /** The longest admin token: longer is a mistake (a file's content pasted), not more security. */
    public static final int ADMIN_TOKEN_CHARS_MAX = 1024;

    /** Settings for a data directory, each at its default until set. */
    public static Builder builder(Path data) {
        return new Builder(data);
    }

    /** A setting outside its bounds; the message names it and its bounds. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /** Collects settings by name; {@link #build} checks them together. */
    public static final class Builder {
        private final Path data;
        private String host = LOOPBACK;
        private int port;
        private String adminToken;
        private LongSupplier clockMillis = System::currentTimeMillis;
        private LedgerClock ledgerClock = LedgerClock.SYSTEM;
        private PodConfig podConfig = PodConfig.defaults();
        private StoreOptions storeOptions = StoreOptions.defaults();
        /** Null: {@link #PODS_DEFAULT} on a single node, one pod per store in a cluster. */
        private Integer pods;
        private long snapshotEveryEntries = ReplicationConfig.SNAPSHOT_THRESHOLD_ENTRIES_DEFAULT;
        private long raftLogSegmentBytes = ReplicationConfig.LOG_SEGMENT_SIZE_BYTES_DEFAULT;
        private DegradationPolicy degradation = DegradationPolicy.defaults();
        private LongSupplier trafficNanos = System::nanoTime;
        private WebhookConfig webhooks = WebhookConfig.defaults();
        private PaymentsConfig payments = PaymentsConfig.defaults();
        private TracingConfig tracing = TracingConfig.off();
        private HealthConfig health = HealthConfig.defaults();
        private ClientLimits clients = ClientLimits.defaults(LARGEST_BODY_BYTES);
        private Path tlsCertificate;
        private Path tlsKey;
        private MasterKeys masterKeys = MasterKeys.inDataDirectory();
        private String nodeId;
        private String peers;
        private String masterKeysSource;
        private final List<String> problems = new ArrayList<>();

        private Builder(Path data) {
            this.data = data;
        }

        public Builder host(String address) {
            this.host = address;
            return this;
        }

        public Builder port(int number) {
            this.port = number;
            return this;
        }

        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        public Builder clockMillis(LongSupplier millis) {
            this.clockMillis = millis;
            return this;
        }

        public Builder ledgerClock(LedgerClock clock) {
            this.ledgerClock = clock;
            return this;
        }

        public Builder podConfig(PodConfig config) {
            this.podConfig = config;
            return this;
        }

        public Builder storeOptions(StoreOptions options) {
            this.storeOptions = options;
            return this;
        }

        public Builder pods(int count) {
            this.pods = count;
            return this;
        }

        /** In a cluster: each node snapshots a pod (and purges its log) every this many applied batches. */
        public Builder snapshotEveryEntries(long entries) {
            this.snapshotEveryEntries = entries;
            return this;
        }

        /** In a cluster: the size of a Raft log segment; only whole segments are purged after a snapshot. */
        public Builder raftLogSegmentBytes(long bytes) {
            this.raftLogSegmentBytes = bytes;
            return this;
        }

        public Builder degradation(DegradationPolicy policy) {
            this.degradation = policy;
            return this;
        }

        public Builder trafficNanos(LongSupplier nanos) {
            this.trafficNanos = nanos;
            return this;
        }

        /** The payments layer's settings (tests shorten its timers). */
        public Builder payments(PaymentsConfig settings) {
            this.payments = settings;
            return this;
        }

        /** {@code --processor-url}: the card processor payments are charged through (e.g. {@code settle processor-sim}). */
        public Builder processorUrl(String url) {
            if (url == null) {
                return this;
            }
            try {
                java.net.URI uri = java.net.URI.create(url);
                if (check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                        "--processor-url must be an http or https URL, got " + url)) {
                    payments = payments.withProcessor(ProcessorConfig.defaults(uri));
                }
            } catch (IllegalArgumentException e) {
                problems.add("--processor-url must be an http or https URL, got " + url);
            }
            return this;
        }

        /** {@code --authorization-expiry-hours}: when an uncaptured authorization is voided. */
        public Builder authorizationExpiryHours(int hours) {
            if (check(hours >= 1 && hours <= AUTHORIZATION_EXPIRY_HOURS_MAX, "--authorization-expiry-hours must be 1.."
                    + AUTHORIZATION_EXPIRY_HOURS_MAX + ", got " + hours)) {
                payments = payments.withAuthorizationExpiry(Duration.ofHours(hours));
            }
            return this;
        }

        public Builder webhooks(WebhookConfig settings) {
            this.webhooks = settings;
            return this;
        }

        public Builder tracing(TracingConfig settings) {
            this.tracing = settings;
            return this;
        }

        public Builder health(HealthConfig settings) {
            this.health = settings;
            return this;
        }

        /** {@code --event-retention-days}: how long events and their deliveries are kept. */
        public Builder eventRetentionDays(int days) {
            if (check(days >= 1 && days <= EVENT_RETENTION_DAYS_MAX, "--event-retention-days must be 1.."
                    + EVENT_RETENTION_DAYS_MAX + ", got " + days)) {
                webhooks = webhooks.toBuilder().eventRetention(Duration.ofDays(days)).build();
            }
            return this;
        }

        /** {@code --webhook-disable-after-hours}: continuous failure after which an endpoint is disabled. */
        public Builder webhookDisableAfterHours(int hours) {
            if (check(hours >= 1 && hours <= WEBHOOK_DISABLE_AFTER_HOURS_MAX, "--webhook-disable-after-hours must be 1.."
                    + WEBHOOK_DISABLE_AFTER_HOURS_MAX + ", got " + hours)) {
                webhooks = webhooks.toBuilder().disableAfter(Duration.ofHours(hours)).build();
            }
            return this;
        }

        /** {@code --disk-free-min-mb}: below this much free space readiness fails (0: no check). */
        public Builder diskFreeMinMib(long mib) {
            if (check(mib >= 0 && mib <= DISK_FREE_MIN_MIB_MAX, "--disk-free-min-mb must be 0.."
                    + DISK_FREE_MIN_MIB_MAX + ", got " + mib)) {
                health = health.withDiskFreeBytesMin(mib * BYTES_PER_MIB);
            }
            return this;
        }

        public Builder clients(ClientLimits limits) {
            this.clients = limits;
            return this;
        }

        /** {@code --connections-max} and {@code --connections-per-address-max}: open connections in all and per address. */
        public Builder connections(int total, int perAddress) {
            if (check(total >= 1 && total <= CONNECTIONS_MAX_LIMIT, "--connections-max must be 1.." + CONNECTIONS_MAX_LIMIT
                    + ", got " + total) && check(perAddress >= 1 && perAddress <= total,
                            "--connections-per-address-max must be 1..--connections-max (" + total + "), got "
                                    + perAddress)) {
                clients = clients.withConnections(clients.connections().withConnections(total, perAddress));
            }
            return this;
        }

        /**
         * {@code --header-deadline-seconds}, {@code --body-grace-seconds}, {@code --body-min-rate-kib}:
         * how long headers may take, and how slowly a body may arrive.
         */
        public Builder deadlines(int headerSeconds, int bodyGraceSeconds, int bodyMinRateKib) {
            boolean ok = check(headerSeconds >= 1 && headerSeconds <= DEADLINE_SECONDS_MAX,
                    "--header-deadline-seconds must be 1.." + DEADLINE_SECONDS_MAX + ", got " + headerSeconds);
            ok &= check(bodyGraceSeconds >= 1 && bodyGraceSeconds <= DEADLINE_SECONDS_MAX,
                    "--body-grace-seconds must be 1.." + DEADLINE_SECONDS_MAX + ", got " + bodyGraceSeconds);
            ok &= check(bodyMinRateKib >= 1 && bodyMinRateKib <= BODY_MIN_RATE_KIB_MAX,
                    "--body-min-rate-kib must be 1.." + BODY_MIN_RATE_KIB_MAX + ", got " + bodyMinRateKib);
            if (ok) {
                clients = clients.withConnections(clients.connections().withDeadlines(Duration.ofSeconds(headerSeconds),
                        Duration.ofSeconds(bodyGraceSeconds), bodyMinRateKib * 1024L));
            }
            return this;
        }

        /**
         * {@code --body-bytes-in-flight-mib} and {@code --tenant-body-bytes-in-flight-mib}: request
         * bodies held at once, in all and per tenant.
         */
        public Builder bodyBytesInFlightMib(long processMib, long tenantMib) {
            long largestMib = (LARGEST_BODY_BYTES + BYTES_PER_MIB - 1) / BYTES_PER_MIB;
            if (check(processMib >= largestMib && processMib <= BODY_BYTES_IN_FLIGHT_MIB_MAX,
                    "--body-bytes-in-flight-mib must be " + largestMib + ".." + BODY_BYTES_IN_FLIGHT_MIB_MAX + ", got "
                            + processMib) && check(tenantMib >= largestMib && tenantMib <= processMib,
                                    "--tenant-body-bytes-in-flight-mib must be " + largestMib
                                            + "..--body-bytes-in-flight-mib (" + processMib + "), got " + tenantMib)) {
                clients = clients.withBodyBytes(processMib * BYTES_PER_MIB, tenantMib * BYTES_PER_MIB);
            }
            return this;
        }

        /** {@code --trusted-proxy}: addresses or CIDR blocks whose X-Forwarded-For is believed. */
        public Builder trustedProxies(List<String> blocks) {
            List<AddressRange> ranges = new ArrayList<>();
            for (String block : blocks) {
                try {
                    ranges.add(AddressRange.parse(block));
                } catch (IllegalArgumentException e) {
                    problems.add("--trusted-proxy: " + e.getMessage());
                }
            }
            clients = clients.withTrustedProxies(ranges);
            return this;
        }

        /**
         * {@code --tls-cert} and {@code --tls-key}: serve HTTPS with this PEM certificate chain and
         * private key (both or neither). Read and checked by {@link #build}, against {@code clockMillis}.
         */
        public Builder tls(Path certificate, Path key) {
            this.tlsCertificate = certificate;
            this.tlsKey = key;
            return this;
        }

        /** The master keys as they are (tests); the current one first. */
        public Builder masterKeys(MasterKeys keys) {
            return masterKeysFrom("the master keys", () -> keys);
        }

        /** {@code --master-key-file}: one base64 key per line, the current one first, then previous ones. */
        public Builder masterKeyFile(Path file) {
            return masterKeysFrom("--master-key-file", () -> MasterKeys.fromFile(file));
        }

        /**
         * {@code $SETTLE_MASTER_KEY} (the current key) and {@code $SETTLE_MASTER_KEY_PREVIOUS}
         * (previous keys, or null); a null current key leaves the setting as it is.
         */
        public Builder masterKeyEnvironment(String current, String previous) {
            if (current == null || current.isBlank()) {
                check(previous == null || previous.isBlank(), "$" + MasterKeys.ENVIRONMENT_PREVIOUS + " is set without $"
                        + MasterKeys.ENVIRONMENT);
                return this;
            }
            return masterKeysFrom("$" + MasterKeys.ENVIRONMENT, () -> MasterKeys.fromEnvironment(current, previous));
        }

        /** Takes the keys of one source; a second source is refused (which one would be current?). */
        private Builder masterKeysFrom(String source, java.util.function.Supplier<MasterKeys> keys) {
            if (!check(masterKeysSource == null, "give the master keys one way, not both " + masterKeysSource + " and "
                    + source)) {
                return this;
            }
            masterKeysSource = source;
            try {
                masterKeys = keys.get();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return this;
        }

        /**
         * Makes this node {@code nodeId} of the cluster whose members are {@code peers}
         * ({@code id=host:port,…}, this node among them): its pods are Raft groups of those nodes.
         */
        public Builder cluster(String nodeId, String peers) {
            this.nodeId = nodeId;
            this.peers = peers;
            return this;
        }

        /** Checks every setting; throws one {@link ConfigException} naming each that is out of bounds. */
        public ServerConfig build() {
            List<String> all = new ArrayList<>(problems);
            boolean clustered = nodeId != null || peers != null;
            int podCount = pods != null ? pods : clustered ? ClusterPods.PODS_PER_STORE : PODS_DEFAULT;
            if (podCount < 1 || podCount > Pods.PODS_MAX) {
                all.add("--pods must be 1.." + Pods.PODS_MAX + ", got " + podCount);
            } else if (clustered && podCount != ClusterPods.PODS_PER_STORE) {
                all.add("--pods must be " + ClusterPods.PODS_PER_STORE + " on a cluster node, got " + podCount
                        + ": a node's snapshot is its whole store (docs/decisions/0015)");
            }
            if (port < 0 || port > PORT_MAX) {
                all.add("--port must be 0.." + PORT_MAX + ", got " + port);
            }
            if (host == null || host.isBlank()) {
                all.add("--host must name an address");
            }
            TlsIdentity tls = tls(all);
            ReplicationConfig cluster = cluster(all);
            String tokenProblem = adminTokenProblem(adminToken);
            if (tokenProblem != null) {
                all.add(tokenProblem);
            }
            if (!all.isEmpty()) {
                throw new ConfigException(String.join("; ", all));
            }
            return new ServerConfig(data, host, port, adminToken, clockMillis, ledgerClock, podConfig, storeOptions,
                    podCount, degradation, trafficNanos, webhooks, tracing, health, clients, tls,
                    masterKeys, cluster, payments);
        }

        /** The cluster of --node-id and --peers, or null (neither; or a problem added to {@code all}). */
        private ReplicationConfig cluster(List<String> all) {
            if (nodeId == null && peers == null) {
                return null;
            }
            if (nodeId == null || peers == null) {
                all.add("--node-id and --peers go together: give both or neither");
                return null;
            }
            try {
                return ReplicationConfig.builder().clusterName(CLUSTER_NAME).nodeId(nodeId).peers(peers)
                        .storageDir(data.resolve(CLUSTER_RAFT_DIRECTORY))
                        .snapshotThresholdEntries(snapshotEveryEntries).logSegmentSizeBytes(raftLogSegmentBytes).build();
            } catch (ReplicationConfig.ConfigException e) {
                for (String problem : e.problems()) {
                    all.add("--peers/--node-id: " + problem);
                }
                return null;
            }
        }

        /** The TLS identity of --tls-cert and --tls-key, or null (none, or a problem added to {@code all}). */
        private TlsIdentity tls(List<String> all) {
            if (tlsCertificate == null && tlsKey == null) {
                return null;
            }
            if (tlsCertificate == null || tlsKey == null) {
                all.add("--tls-cert and --tls-key go together: give both or neither");
                return null;
            }
            try {
                return TlsIdentity.load(tlsCertificate, tlsKey, Instant.ofEpochMilli(clockMillis.getAsLong()));
            } catch (TlsIdentityException e) {
                all.add("--tls-cert/--tls-key: " + e.getMessage());
                return null;
            }
        }

        /**
         * Why the admin token cannot be used, or null: it is unset (admin API off) or of a length
         * that cannot be guessed. The message never shows the token.
         */
        static String adminTokenProblem(String token) {
            if (token == null || token.isEmpty()) {
                return null;
            }
            if (token.length() < ADMIN_TOKEN_CHARS_MIN || token.length() > ADMIN_TOKEN_CHARS_MAX) {
                return "SETTLE_ADMIN_TOKEN must be " + ADMIN_TOKEN_CHARS_MIN + ".." + ADMIN_TOKEN_CHARS_MAX
                        + " characters, got " + token.length() + " (make one with: openssl rand -base64 36)";
            }
            if (!token.equals(token.strip())) {
                return "SETTLE_ADMIN_TOKEN must not begin or end with white space (a Bearer header cannot carry it)";
            }
            return null;
        }

        private boolean check(boolean holds, String problem) {
            if (!holds) {
                problems.add(problem);
            }
            return holds;
        }
    }

    /** Where the store is: the data directory itself on a single node, its {@code store} directory in a cluster. */
    public Path storeDirectory() {
        return cluster == null ? data : data.resolve(CLUSTER_STORE_DIRECTORY);
    }
}
