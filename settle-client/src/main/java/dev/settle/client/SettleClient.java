package dev.settle.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The client of one Settle tenant. Thread-safe: build one per tenant and share it; close it to
 * release its HTTP connections.
 *
 * <pre>{@code
 * try (SettleClient settle = SettleClient.builder().apiKey(System.getenv("SETTLE_API_KEY")).build()) {
 *     Account bank = settle.accounts().create(CreateAccount.of("USD"));
 *     Account alice = settle.accounts().create(CreateAccount.of("USD").withFlag(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS));
 *     settle.transfers().create(CreateTransfer.of(bank.id(), alice.id(), 10_000));
 *     Transfer hold = settle.transfers().create(CreateTransfer.pending(alice.id(), bank.id(), 2_500, 3_600));
 *     settle.transfers().create(CreateTransfer.postPending(hold.id()));
 *     System.out.println(settle.accounts().retrieve(alice.id()).debitsPosted()); // 2500
 * } catch (LedgerException e) {
 *     System.err.println("refused by the ledger: " + e.code()); // e.g. exceeds_credits
 * }
 * }</pre>
 *
 * <p>Every POST carries an {@code Idempotency-Key}: the one given in {@link RequestOptions}, or one
 * the client makes for the call. Network failures, 409 {@code idempotency_key_in_use}, 429 and 503
 * are retried with that same key, so a retry is never applied twice. Other refusals throw at once.
 *
 * <p>Given the nodes of a cluster ({@link Builder#baseUris(List)}), calls start on the nodes in
 * turn, and a retry after a network failure, a timeout or a 503 goes to the next node, with the
 * same key: every node shares the stored answers. A node that could not be reached, or answered
 * 503 {@code unavailable}, is passed over by the following calls for 5 s. A 429 or 409 is retried
 * on the same node.
 */
public final class SettleClient implements AutoCloseable {
    /** The API version this client reads and writes; sent as {@code Settle-Version} unless changed. */
    public static final String API_VERSION = "2026-11-01";

    private final Transport transport;
    private final Accounts accounts;
    private final Transfers transfers;
    private final Transactions transactions;

    private SettleClient(Transport transport) {
        this.transport = transport;
        this.accounts = new Accounts(transport);
        this.transfers = new Transfers(transport);
        this.transactions = new Transactions(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Accounts accounts() {
        return accounts;
    }

    public Transfers transfers() {
        return transfers;
    }

    public Transactions transactions() {
        return transactions;
    }

    /** Closes the HTTP client; calls still under way finish first. */
    @Override
    public void close() {
        transport.close();
    }

    /** The settings of a client. Only {@link #apiKey} is required; the others have defaults. */
    public static final class Builder {
        private List<URI> baseUris = List.of(ClientConfig.BASE_URI_DEFAULT);
        private String apiKey;
        private String settleVersion = API_VERSION;
        private Duration requestTimeout = ClientConfig.REQUEST_TIMEOUT_DEFAULT;
        private int maxRetries = ClientConfig.MAX_RETRIES_DEFAULT;
        private Duration backoffInitialDelay = ClientConfig.BACKOFF_INITIAL_DELAY_DEFAULT;
        private Duration backoffMaxDelay = ClientConfig.BACKOFF_MAX_DELAY_DEFAULT;
        private Sleeper sleeper = Sleeper.threadSleep();
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

        private Builder() {}

        /** Where the server is, without {@code /v1}. Default {@code http://localhost:8080}. */
        public Builder baseUri(URI uri) {
            return baseUris(Collections.singletonList(uri));
        }

        public Builder baseUri(String uri) {
            return baseUri(URI.create(uri));
        }

        /**
         * The nodes of a cluster, each as {@link #baseUri(URI)}: 1 to 9 distinct absolute http or
         * https URIs. Replaces any earlier {@code baseUri}. Calls are spread over them, and a
         * retry after a network failure, a timeout or a 503 goes to another one.
         */
        public Builder baseUris(List<URI> uris) {
            // A copy that keeps nulls, so that build() refuses them with the others.
            this.baseUris = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(uris, "baseUris")));
            return this;
        }

        /** {@link #baseUris(List)} from strings, e.g. {@code System.getenv("SETTLE_URLS").split(",")}. */
        public Builder baseUris(String... uris) {
            Objects.requireNonNull(uris, "baseUris");
            return baseUris(Arrays.stream(uris).map(uri -> uri == null ? null : URI.create(uri.strip())).toList());
        }

        /** The tenant's secret key ({@code sk_…}), sent as {@code Authorization: Bearer}. Required. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /**
         * The {@code Settle-Version} to send, {@code YYYY-MM-DD}. Default {@link #API_VERSION}, the
         * version whose shapes this client reads; null sends none (the tenant's pinned version).
         */
        public Builder settleVersion(String version) {
            this.settleVersion = version;
            return this;
        }

        /** The deadline of one attempt, body included. Default 30 s, at most 10 min. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Attempts after the first, for failures worth retrying. Default 3, at most 10; 0 = none. */
        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /** The ceiling of the first retry's random delay, doubled per retry. Default 500 ms. */
        public Builder backoffInitialDelay(Duration delay) {
            this.backoffInitialDelay = delay;
            return this;
        }

        /** The largest ceiling of a retry's random delay. Default 8 s, at most 60 s. */
        public Builder backoffMaxDelay(Duration delay) {
            this.backoffMaxDelay = delay;
            return this;
        }

        /** How to wait between retries. Default: sleep the calling thread. Tests record instead. */
        public Builder sleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /** The source of the retry delays' jitter. Default: {@link ThreadLocalRandom}. */
        public Builder random(RandomGenerator newRandom) {
            this.random = Objects.requireNonNull(newRandom, "random");
            return this;
        }

        /** Validates the settings together; a bad one throws {@link IllegalArgumentException}. */
        public SettleClient build() {
            ClientConfig config = new ClientConfig(baseUris, apiKey, settleVersion, requestTimeout, maxRetries,
                    backoffInitialDelay, backoffMaxDelay);
            Nodes nodes = new Nodes(config.baseUris(), ClientConfig.NODE_SUSPECT_DURATION, System::nanoTime, random);
            return new SettleClient(new Transport(config, new RetryPolicy(config, random), nodes, sleeper));
        }
    }
}
