package dev.settle.bench.http;

import dev.settle.bench.WorkloadSpec;
import java.net.URI;
import java.util.function.Consumer;

/**
 * What {@link HttpBench} runs and against which server. Every setting is checked here, together,
 * so a bad value fails before the first connection. Build one with {@link #builder}.
 *
 * @param baseUri the server, {@code http://host:port} (plain http only; a base path is allowed)
 * @param apiKey the tenant's secret key, sent as {@code Authorization: Bearer}; never printed
 * @param accounts accounts created before the phases, {@value #ACCOUNTS_MIN}..{@value #ACCOUNTS_MAX}
 * @param singleConnections connections of the single-transfer phase, 1..{@value #CONNECTIONS_MAX}
 * @param singleWarmupSeconds unmeasured seconds before the single-transfer phase's measurement
 * @param singleDurationSeconds measured seconds of the single-transfer phase
 * @param batchConnections connections of the batch phase, 1..{@value #CONNECTIONS_MAX}
 * @param batchSize transfers per batch, 1..{@value WorkloadSpec#BATCH_SIZE_MAX} (the server's limit)
 * @param batchWarmupSeconds unmeasured seconds before the batch phase's measurement
 * @param batchDurationSeconds measured seconds of the batch phase
 * @param eventLoops threads that drive the connections of a phase, 1..{@link #eventLoopsMax()}
 *     (the cores): the generator shares the machine with the server it measures, so one is enough
 *     unless the generator is the bottleneck
 * @param uuidV4Ids random version-4 transfer ids instead of the time-ordered version 7 that Settle
 *     recommends (they keep its id index append-mostly); to measure what random ids cost
 * @param progress receives human-readable progress lines, from the thread that runs the bench
 */
public record HttpBenchConfig(
        URI baseUri,
        String apiKey,
        int accounts,
        int singleConnections,
        int singleWarmupSeconds,
        int singleDurationSeconds,
        int batchConnections,
        int batchSize,
        int batchWarmupSeconds,
        int batchDurationSeconds,
        int eventLoops,
        boolean uuidV4Ids,
        Consumer<String> progress) {
    public static final int ACCOUNTS_DEFAULT = 1_000;
    public static final int ACCOUNTS_MIN = AccountIds.MIN;
    /** Created one request each during setup; a million takes minutes already. */
    public static final int ACCOUNTS_MAX = 1_000_000;
    public static final int SINGLE_CONNECTIONS_DEFAULT = 48;
    public static final int SINGLE_WARMUP_SECONDS_DEFAULT = 3;
    public static final int SINGLE_DURATION_SECONDS_DEFAULT = 15;
    public static final int BATCH_CONNECTIONS_DEFAULT = 4;
    public static final int BATCH_SIZE_DEFAULT = 1_000;
    public static final int BATCH_WARMUP_SECONDS_DEFAULT = 2;
    public static final int BATCH_DURATION_SECONDS_DEFAULT = 10;
    /** Each connection holds its request, its answer and an 8 KiB line buffer; more only queue in the server. */
    public static final int CONNECTIONS_MAX = 256;
    public static final int WARMUP_SECONDS_MAX = 600;
    public static final int DURATION_SECONDS_MAX = 3_600;
    /** One thread leaves the most of a shared machine to the server; raise it when the generator is the bottleneck. */
    public static final int EVENT_LOOPS_DEFAULT = 1;
    public static final boolean UUID_V4_IDS_DEFAULT = false;
    /**
     * Transfers encoded in batch requests at once (connections times batch size): each takes
     * {@value TransferRequestTemplate#ITEM_BYTES}+1 bytes of a connection's request, so this caps the
     * generator's request memory at about 44 MiB.
     */
    public static final int BATCH_TRANSFERS_IN_FLIGHT_MAX = 262_144;

    static {
        if (BATCH_TRANSFERS_IN_FLIGHT_MAX < WorkloadSpec.BATCH_SIZE_MAX
                || BATCH_TRANSFERS_IN_FLIGHT_MAX < BATCH_CONNECTIONS_DEFAULT * BATCH_SIZE_DEFAULT) {
            throw new AssertionError("the in-flight limit must allow one largest batch and the defaults");
        }
    }

    public HttpBenchConfig {
        HttpTarget.requireValidBaseUri(baseUri);
        HttpTarget.requireValidApiKey(apiKey);
        requireWithin("accounts", accounts, ACCOUNTS_MIN, ACCOUNTS_MAX);
        requireWithin("single connections", singleConnections, 1, CONNECTIONS_MAX);
        requireWithin("single warm-up seconds", singleWarmupSeconds, 0, WARMUP_SECONDS_MAX);
        requireWithin("single duration seconds", singleDurationSeconds, 1, DURATION_SECONDS_MAX);
        requireWithin("batch connections", batchConnections, 1, CONNECTIONS_MAX);
        requireWithin("batch size", batchSize, 1, WorkloadSpec.BATCH_SIZE_MAX);
        requireWithin("batch warm-up seconds", batchWarmupSeconds, 0, WARMUP_SECONDS_MAX);
        requireWithin("batch duration seconds", batchDurationSeconds, 1, DURATION_SECONDS_MAX);
        requireWithin("event loops", eventLoops, 1, eventLoopsMax());
        if ((long) batchConnections * batchSize > BATCH_TRANSFERS_IN_FLIGHT_MAX) {
            throw new IllegalArgumentException("batch connections times batch size must be at most "
                    + BATCH_TRANSFERS_IN_FLIGHT_MAX + ", got " + batchConnections + " x " + batchSize);
        }
        if (progress == null) {
            throw new IllegalArgumentException("progress must not be null (use line -> {} to drop it)");
        }
    }

    /** The defaults against {@code baseUri} with {@code apiKey}, progress dropped; checked by {@link Builder#build}. */
    public static Builder builder(URI baseUri, String apiKey) {
        return new Builder(baseUri, apiKey);
    }

    /**
     * The most event loops allowed: the cores this JVM may use. More threads than cores would only
     * take turns, and take them from the server.
     */
    public static int eventLoopsMax() {
        return Runtime.getRuntime().availableProcessors();
    }

    PhasePlan singlePhase() {
        return new PhasePlan("single", TransferEndpoint.SINGLE, singleConnections, 1, singleWarmupSeconds,
                singleDurationSeconds, eventLoops, idVersion());
    }

    PhasePlan batchPhase() {
        return new PhasePlan("batch", TransferEndpoint.BATCH, batchConnections, batchSize, batchWarmupSeconds,
                batchDurationSeconds, eventLoops, idVersion());
    }

    UuidVersion idVersion() {
        return uuidV4Ids ? UuidVersion.V4 : UuidVersion.V7;
    }

    /** Leaves the key out: a record's generated toString would print it. */
    @Override
    public String toString() {
        return "HttpBenchConfig[baseUri=" + baseUri + ", apiKey=***, accounts=" + accounts + ", singleConnections="
                + singleConnections + ", singleWarmupSeconds=" + singleWarmupSeconds + ", singleDurationSeconds="
                + singleDurationSeconds + ", batchConnections=" + batchConnections + ", batchSize=" + batchSize
                + ", batchWarmupSeconds=" + batchWarmupSeconds + ", batchDurationSeconds=" + batchDurationSeconds
                + ", eventLoops=" + eventLoops + ", uuidV4Ids=" + uuidV4Ids + "]";
    }

    private static void requireWithin(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /** Starts from the defaults; {@link #build} checks everything at once. */
    public static final class Builder {
        private final URI baseUri;
        private final String apiKey;
        private int accounts = ACCOUNTS_DEFAULT;
        private int singleConnections = SINGLE_CONNECTIONS_DEFAULT;
        private int singleWarmupSeconds = SINGLE_WARMUP_SECONDS_DEFAULT;
        private int singleDurationSeconds = SINGLE_DURATION_SECONDS_DEFAULT;
        private int batchConnections = BATCH_CONNECTIONS_DEFAULT;
        private int batchSize = BATCH_SIZE_DEFAULT;
        private int batchWarmupSeconds = BATCH_WARMUP_SECONDS_DEFAULT;
        private int batchDurationSeconds = BATCH_DURATION_SECONDS_DEFAULT;
        private int eventLoops = EVENT_LOOPS_DEFAULT;
        private boolean uuidV4Ids = UUID_V4_IDS_DEFAULT;
        private Consumer<String> progress = line -> {};

        private Builder(URI baseUri, String apiKey) {
            this.baseUri = baseUri;
            this.apiKey = apiKey;
        }

        public Builder accounts(int value) {
            accounts = value;
            return this;
        }

        public Builder singleConnections(int value) {
            singleConnections = value;
            return this;
        }

        public Builder singleWarmupSeconds(int value) {
            singleWarmupSeconds = value;
            return this;
        }

        public Builder singleDurationSeconds(int value) {
            singleDurationSeconds = value;
            return this;
        }

        public Builder batchConnections(int value) {
            batchConnections = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder batchWarmupSeconds(int value) {
            batchWarmupSeconds = value;
            return this;
        }

        public Builder batchDurationSeconds(int value) {
            batchDurationSeconds = value;
            return this;
        }

        public Builder eventLoops(int value) {
            eventLoops = value;
            return this;
        }

        public Builder uuidV4Ids(boolean value) {
            uuidV4Ids = value;
            return this;
        }

        public Builder progress(Consumer<String> value) {
            progress = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of bounds, with its value */
        public HttpBenchConfig build() {
            return new HttpBenchConfig(baseUri, apiKey, accounts, singleConnections, singleWarmupSeconds,
                    singleDurationSeconds, batchConnections, batchSize, batchWarmupSeconds, batchDurationSeconds,
                    eventLoops, uuidV4Ids, progress);
        }
    }
}
