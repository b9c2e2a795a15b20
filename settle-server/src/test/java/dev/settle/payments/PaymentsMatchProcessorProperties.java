package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.error.ApiException;
import dev.settle.payments.processor.HttpProcessor;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            ProcessorAgreement.check(h.intents(), h.refunds(), h::account, simulator.baseUri());
        }

        @Override
        public void close() {
            h.close();
        }
    }

    /** A request's answers: its own idempotency key (stored form), nothing stored (the index finds retries). */
    private static PaymentAnswers answers(Random keys) {
        byte[] key = new byte[36];
        keys.nextBytes(key);
        key[0] = 0;
        key[1] = 0;
        key[2] = 0;
        key[3] = (byte) PaymentsHarness.LEDGER;
        return PaymentAnswers.keyOnly(HexFormat.of().formatHex(key));
    }
}
