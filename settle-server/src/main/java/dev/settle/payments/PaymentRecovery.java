package dev.settle.payments;

import dev.settle.ledger.UInt128;
import dev.settle.payments.processor.ProcessorAnswer;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery job: finishes the steps at the processor that nobody finished (a crash between the
 * call and its outcome, an answer lost for good, the processor down) by asking the processor for
 * what it recorded under the step's key, and voids authorizations not captured before they
 * expire. On a cluster it runs on the pod's leader only ({@link #lead}).
 */
public final class PaymentRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentRecovery.class);
    private final PaymentIntents intents;
    private final Refunds refunds;
    private final PaymentReads reads;
    private final Supplier<Collection<Integer>> ledgers;
    private final PaymentsConfig config;
    private final LongSupplier clockMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("payment-recovery").daemon().factory());
    private ScheduledFuture<?> running;
    private final java.util.concurrent.atomic.LongAdder stepsSettled = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder authorizationsExpired =
            new java.util.concurrent.atomic.LongAdder();

    PaymentRecovery(PaymentIntents intents, Refunds refunds, Supplier<Collection<Integer>> ledgers,
            PaymentsConfig config, LongSupplier clockMillis) {
        this.intents = intents;
        this.refunds = refunds;
        this.reads = intents.reads();
        this.ledgers = ledgers;
        this.config = config;
        this.clockMillis = clockMillis;
    }

    /** Runs the job from now on (single node), or while this node leads the pod (cluster). */
    public synchronized void lead(boolean leading) {
        if (leading && running == null) {
            long every = config.recoveryInterval().toMillis();
            running = timer.scheduleWithFixedDelay(this::runSafely, every, every, TimeUnit.MILLISECONDS);
        } else if (!leading && running != null) {
            running.cancel(false);
            running = null;
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("payment recovery pass failed; the next pass tries again", e);
        }
    }

    /** One pass over every ledger; returns how many steps and expired authorizations it finished. */
    public int runOnce() {
        int finished = 0;
        long now = clockMillis.getAsLong();
        for (int ledger : ledgers.get()) {
            for (PaymentReads.Entry step : reads.openSteps(ledger)) {
                if (recoverStep(ledger, PaymentRecords.stepKind(step.key()), PaymentRecords.stepId(step.key()), now)) {
                    finished++;
                    stepsSettled.increment();
                }
            }
            for (PaymentReads.Entry open : reads.openAuthorizations(ledger)) {
                if (PaymentRecords.expiresAt(open.value()) <= now) {
                    if (expire(ledger, PaymentRecords.objectId(open.key()))) {
                        finished++;
                        authorizationsExpired.increment();
                    }
                }
            }
        }
        return finished;
    }

    private boolean recoverStep(int ledger, ProcessorStep.Kind kind, UInt128 id, long now) {
        ProcessorAnswer unknown = new ProcessorAnswer.Unknown("recovery");
        if (kind == ProcessorStep.Kind.REFUND) {
            Refund r = reads.refund(ledger, id);
            if (r == null || r.status() != Refund.Status.PENDING
                    || now - r.createdSeconds() * 1000 < config.recoverAfter().toMillis()) {
                return false;
            }
            Answered<Refund> done = refunds.finish(ledger, reads.intent(ledger, r.paymentIntent()), r, unknown,
                    PaymentAnswers.NONE);
            return done.value() != null && done.value().status() != Refund.Status.PENDING;
        }
        PaymentIntent p = reads.intent(ledger, id);
        if (p == null || p.step() == null || now - p.step().startedMillis() < config.recoverAfter().toMillis()) {
            return false;
        }
        Answered<PaymentIntent> done = intents.steps().finish(ledger, p, unknown, PaymentAnswers.NONE);
        boolean settled = done.value() == null || done.value().step() == null;
        if (settled) {
            LOG.info("payment recovery finished the {} of {}", p.step().kind().apiName(),
                    PaymentRecords.INTENT_IDS.format(id));
        }
        return settled;
    }

    private boolean expire(int ledger, UInt128 id) {
        PaymentIntent p = reads.intent(ledger, id);
        if (p == null || p.status() != PaymentIntent.Status.REQUIRES_CAPTURE || p.busy()) {
            return false;
        }
        Answered<PaymentIntent> done = intents.voidAuthorization(ledger, p, PaymentIntents.EXPIRED_REASON,
                PaymentAnswers.NONE);
        return done != null && done.value() != null && done.value().status() == PaymentIntent.Status.CANCELED;
    }

    /** Steps at the processor whose outcome is not written yet, over every tenant (a scan of the step index). */
    public long openSteps() {
        long open = 0;
        for (int ledger : ledgers.get()) {
            open += reads.openSteps(ledger).size();
        }
        return open;
    }

    /** Steps at the processor this node's recovery settled. */
    public long stepsSettled() {
        return stepsSettled.sum();
    }

    /** Authorizations this node's recovery voided because they expired. */
    public long authorizationsExpired() {
        return authorizationsExpired.sum();
    }

    @Override
    public void close() {
        lead(false);
        timer.shutdownNow();
    }
}
