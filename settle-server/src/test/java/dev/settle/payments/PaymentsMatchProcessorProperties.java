package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.error.ApiException;
import dev.settle.api.json.JsonReader;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.UInt128;
import dev.settle.payments.processor.HttpProcessor;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.pod.DurableResponse;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Random sequences of payment calls, client retries (same idempotency key), processor faults
 * (503s, answers lost after the charge, slow answers) and crashes between a processor call and
 * its outcome, against the real payments layer and the processor simulator. At the end, once
 * recovery has run: every step is settled, the processor's captures and refunds equal the
 * ledger's and the intents', no intent was charged twice, and the payments accounts hold exactly
 * what the intents say.
 */
class PaymentsMatchProcessorProperties {
    private static final List<String> CARDS = List.of("pm_card_visa", "pm_card_mastercard", "pm_card_chargeDeclined",
            "pm_card_chargeDeclinedInsufficientFunds", "pm_card_authenticationRequired", "pm_card_settleAnswerLost",
            "pm_card_settleSlow");
    private static final List<String> CURRENCIES = List.of("usd", "eur");
    private static final int SETTLE_PASSES_MAX = 50;

    private Path dir;
    private ProcessorSimulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One call, with the choices it needs (indexes wrap around what exists). */
    record Op(Kind kind, int target, long amount, int card, boolean flag) {}

    enum Kind { CREATE, CONFIRM, CAPTURE, CANCEL, REFUND, RETRY, RESTART, RECOVER, EXPIRE }

    @BeforeTry
    void start() throws IOException {
        dir = Files.createTempDirectory("payments-properties");
    }

    @AfterTry
    void stop() throws IOException {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Op>> calls() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.CREATE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CONFIRM)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CAPTURE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.CANCEL)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.REFUND)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.RETRY)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RESTART)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RECOVER)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.EXPIRE)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 1000),
                Arbitraries.longs().between(1, 5000), Arbitraries.integers().between(0, CARDS.size() - 1),
                Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 12)
    void theLedgerAndTheProcessorAgree(@ForAll("calls") List<Op> ops, @ForAll long seed) throws Exception {
        simulator = ProcessorSimulator.start(SimulatorConfig.defaults(dir.resolve("processor")).withSeed(seed)
                .withErrorRate(0.05).withLostAnswerRate(0.1).withSlowMillis(20));
        ProcessorConfig config = ProcessorConfig.defaults(simulator.baseUri()).withAttemptTimeout(Duration.ofSeconds(2))
                .withAttempts(2, Duration.ofMillis(1)).withBreaker(50, 20, Duration.ofMillis(20));
        CrashingProcessor processor = new CrashingProcessor(new HttpProcessor(config), seed, 0.1);
        Random keys = new Random(seed);
        List<Runnable> done = new ArrayList<>();
        try (Scenario s = new Scenario(new PaymentsHarness(dir.resolve("settle"), processor))) {
            for (Op op : ops) {
                s.run(op, done, keys);
            }
            processor.disarm();
            s.settleEverything();
            s.check();
        }
    }

    /** A run: the harness, what was called, and the checks at the end. */
    private final class Scenario implements AutoCloseable {
        private final PaymentsHarness h;

        Scenario(PaymentsHarness h) {
            this.h = h;
        }

        void run(Op op, List<Runnable> done, Random keys) {
            List<PaymentIntent> intents = h.intents();
            PaymentIntent target = intents.isEmpty() ? null : intents.get(op.target() % intents.size());
            PaymentAnswers answers = answers(keys);
            Runnable call = switch (op.kind()) {
                case CREATE -> () -> h.payments().intents().create(PaymentsHarness.LEDGER, new NewPaymentIntent(
                        100 + op.amount(), CURRENCIES.get(op.card() % 2),
                        op.flag() ? PaymentIntent.CaptureMethod.MANUAL : PaymentIntent.CaptureMethod.AUTOMATIC,
                        CARDS.get(op.card()), op.target() % 3 != 0, null, Map.of(), null), answers);
                case CONFIRM -> target == null ? null : () -> h.payments().intents().confirm(PaymentsHarness.LEDGER,
                        target.id(), op.flag() ? CARDS.get(op.card()) : null, answers);
                case CAPTURE -> target == null ? null : () -> h.payments().intents().capture(PaymentsHarness.LEDGER,
                        target.id(), op.flag() ? null : Math.max(1, target.amountCapturable() * (op.target() % 100)
                                / 100), answers);
                case CANCEL -> target == null ? null : () -> h.payments().intents().cancel(PaymentsHarness.LEDGER,
                        target.id(), "requested_by_customer", answers);
                case REFUND -> target == null ? null : () -> h.payments().refunds().create(PaymentsHarness.LEDGER,
                        target.id(), op.flag() ? null : op.amount(), null, Map.of(), answers);
                case RETRY -> done.isEmpty() ? null : done.get(op.target() % done.size());
                case RESTART -> () -> h.restart();
                case RECOVER -> () -> {
                    h.clockMillis.addAndGet(PaymentsHarness.RECOVER_AFTER.toMillis() + 1);
                    h.payments().recovery().runOnce();
                };
                case EXPIRE -> () -> {
                    h.clockMillis.addAndGet(PaymentsHarness.AUTHORIZATION_EXPIRY.toMillis() + 1);
                    h.payments().recovery().runOnce();
                };
            };
            if (call == null) {
                return;
            }
            attempt(call);
            if (op.kind() != Kind.RETRY && op.kind() != Kind.RESTART) {
                done.add(call);
            }
        }

        /** A call; refused calls (4xx, processor unavailable) change nothing, a crash restarts. */
        private void attempt(Runnable call) {
            try {
                call.run();
            } catch (ApiException refused) {
                assertThat(refused.status()).as(refused.code() + ": " + refused.getMessage()).isIn(400, 402, 404, 409,
                        503);
            } catch (CrashingProcessor.Crash crash) {
                h.restart();
            }
            h.clockMillis.addAndGet(10);
        }

        /** Recovery until nothing is left open (the processor's breaker may need a moment to close). */
        void settleEverything() throws InterruptedException {
            for (int pass = 0; pass < SETTLE_PASSES_MAX; pass++) {
                h.clockMillis.addAndGet(PaymentsHarness.RECOVER_AFTER.toMillis() + 1);
                h.payments().recovery().runOnce();
                boolean open = h.intents().stream().anyMatch(p -> p.step() != null)
                        || h.refunds().stream().anyMatch(r -> r.status() == Refund.Status.PENDING);
                if (!open) {
                    return;
                }
                Thread.sleep(25);
            }
            throw new AssertionError("steps still open after " + SETTLE_PASSES_MAX + " recovery passes");
        }

        void check() throws Exception {
            Map<String, long[]> report = settlementReport();
            Map<String, long[]> expectedBalances = new HashMap<>();
            for (PaymentIntent p : h.intents()) {
                String id = PaymentRecords.INTENT_IDS.format(p.id());
                assertThat(p.step()).as("open step of %s", id).isNull();
                assertThat(p.refundsInFlight()).as("refunds in flight of %s", id).isZero();
                long[] reported = report.getOrDefault(id, new long[3]);
                assertThat(reported[2]).as("captures of %s at the processor", id).isLessThanOrEqualTo(1);
                assertThat(reported[0]).as("captured for %s at the processor", id).isEqualTo(p.amountReceived());
                assertThat(-reported[1]).as("refunded for %s at the processor", id).isEqualTo(p.amountRefunded());
                if (p.latestCharge() != null) {
                    Map<String, Object> charge = charge(p.latestCharge());
                    assertThat(number(charge, "amount_captured")).as("charge of %s", id).isEqualTo(p.amountReceived());
                    assertThat(number(charge, "fee")).as("fee of %s", id).isEqualTo(p.feeCharged());
                    if (p.status() == PaymentIntent.Status.REQUIRES_CAPTURE) {
                        assertThat(charge.get("status")).isEqualTo("authorized");
                    }
                }
                switch (p.status()) {
                    case SUCCEEDED -> assertThat(p.amountReceived()).isPositive();
                    case REQUIRES_CAPTURE -> assertThat(p.amountCapturable()).isEqualTo(p.amount());
                    default -> assertThat(p.amountReceived() + p.amountCapturable()).as("money of %s %s", id,
                            p.status()).isZero();
                }
                long[] b = expectedBalances.computeIfAbsent(p.currency(), c -> new long[4]);
                b[0] += p.amountReceived();
                b[1] += p.amountRefunded();
                b[2] += p.feeCharged();
                b[3] += p.amountCapturable();
            }
            for (Map.Entry<String, long[]> e : expectedBalances.entrySet()) {
                long[] b = e.getValue();
                AccountRecord sales = h.account(PaymentLedger.Role.SALES, e.getKey());
                AccountRecord receivable = h.account(PaymentLedger.Role.PROCESSOR_RECEIVABLE, e.getKey());
                AccountRecord fees = h.account(PaymentLedger.Role.PROCESSOR_FEES, e.getKey());
                if (sales == null) {
                    assertThat(b).as("money in %s without its accounts", e.getKey()).containsOnly(0);
                    continue;
                }
                assertThat(value(sales.creditsPosted()) - value(sales.debitsPosted())).as("sales in " + e.getKey())
                        .isEqualTo(b[0] - b[1]);
                assertThat(value(sales.creditsPending())).as("authorized in " + e.getKey()).isEqualTo(b[3]);
                assertThat(value(receivable.debitsPosted()) - value(receivable.creditsPosted()))
                        .as("receivable in " + e.getKey()).isEqualTo(b[0] - b[2] - b[1]);
                assertThat(value(fees.debitsPosted())).as("fees in " + e.getKey()).isEqualTo(b[2]);
            }
        }

        /** Per intent id: captured, refunded (negative), number of captures, from the simulator's reports. */
        private Map<String, long[]> settlementReport() throws Exception {
            Map<String, long[]> byIntent = new HashMap<>();
            Instant now = Instant.now();
            for (Instant day : List.of(now.minus(Duration.ofDays(1)), now)) {
                String date = day.atZone(ZoneOffset.UTC).toLocalDate().toString();
                String csv = get("/v1/settlement_reports/" + date);
                for (String line : csv.split("\n")) {
                    String[] cells = line.split(",", -1);
                    if (cells[0].equals("charge") || cells[0].equals("refund")) {
                        long[] sums = byIntent.computeIfAbsent(cells[3], r -> new long[3]);
                        if (cells[0].equals("charge")) {
                            sums[0] += Long.parseLong(cells[4]);
                            sums[2]++;
                        } else {
                            sums[1] += Long.parseLong(cells[4]);
                        }
                    }
                }
            }
            return byIntent;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> charge(String id) throws Exception {
            return (Map<String, Object>) JsonReader.parse(get("/v1/charges/" + id).getBytes());
        }

        private String get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUri() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return r.body();
        }

        @Override
        public void close() {
            h.close();
        }
    }

    private static long number(Map<String, Object> v, String name) {
        return ((BigInteger) v.get(name)).longValueExact();
    }

    private static long value(UInt128 amount) {
        return amount.low();
    }

    /** A request's answers: its own idempotency key (stored form), nothing stored (the index finds retries). */
    private static PaymentAnswers answers(Random keys) {
        byte[] key = new byte[36];
        keys.nextBytes(key);
        key[0] = 0;
        key[1] = 0;
        key[2] = 0;
        key[3] = (byte) PaymentsHarness.LEDGER;
        String hex = HexFormat.of().formatHex(key);
        return new PaymentAnswers() {
            @Override
            public String requestKey() {
                return hex;
            }

            @Override
            public DurableResponse forIntent(PaymentIntent intent, ApiException error) {
                return null;
            }

            @Override
            public DurableResponse forRefund(Refund refund, ApiException error) {
                return null;
            }
        };
    }
}
