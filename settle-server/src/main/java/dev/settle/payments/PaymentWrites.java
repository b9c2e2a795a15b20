package dev.settle.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.events.EventType;
import dev.settle.ledger.TransferBatch;
import dev.settle.pod.AlreadyAnswered;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.Futures;
import dev.settle.pod.GuardedOutcome;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.outbox.NotedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one change of a payment: the intent (and refund) as they were read and as they become,
 * their new versions, their ledger transfers and their events, as one guarded change through the
 * tenant's pod (all or nothing, in the log's order). A change whose records moved on meanwhile
 * is stale and writes nothing; the caller reads again.
 */
final class PaymentWrites {
    private static final byte[] ABSENT = new byte[0];
    private final Pods pods;

    PaymentWrites(Pods pods) {
        this.pods = pods;
    }

    /** What became of a change. */
    sealed interface Result {}

    record Written() implements Result {}

    record Stale() implements Result {}

    /** The request's idempotency key was answered first by another change: its answer, as stored. */
    record Replayed(byte[] storedAnswer) implements Result {}

    /** One change being put together. */
    static final class Change {
        private final int ledger;
        private final List<PodCommand.Put> expected = new ArrayList<>();
        private final List<PodCommand.Put> writes = new ArrayList<>();
        private final List<NotedEvent> events = new ArrayList<>();
        private TransferBatch transfers = PaymentLedger.batch();

        Change(int ledger) {
            this.ledger = ledger;
        }

        /** The intent goes from {@code before} (null: it is new) to {@code after}, with its step key. */
        Change intent(PaymentIntent before, PaymentIntent after, EventType... types) {
            expected.add(put(PaymentRecords.intentKey(ledger, after.id()),
                    before == null ? ABSENT : PaymentRecords.encode(before)));
            byte[] record = PaymentRecords.encode(after);
            writes.add(put(PaymentRecords.intentKey(ledger, after.id()), record));
            writes.add(put(PaymentRecords.intentVersionKey(ledger, after.id(), after.version()), record));
            ProcessorStep was = before == null ? null : before.step();
            if (after.step() != null && was == null) {
                writes.add(put(PaymentRecords.stepKey(ledger, after.step().kind(), after.id()), PaymentRecords.PRESENT));
            } else if (after.step() == null && was != null) {
                writes.add(PodCommand.Put.deletion(ColumnFamily.PAYMENTS,
                        PaymentRecords.stepKey(ledger, was.kind(), after.id())));
            }
            for (EventType type : types) {
                events.add(new NotedEvent(type, after.id(), after.version()));
            }
            return this;
        }

        /** The refund goes from {@code before} (null: new) to {@code after}; its step key is put while it is pending. */
        Change refund(Refund before, Refund after, EventType... types) {
            expected.add(put(PaymentRecords.refundKey(ledger, after.id()),
                    before == null ? ABSENT : PaymentRecords.encode(before)));
            byte[] record = PaymentRecords.encode(after);
            writes.add(put(PaymentRecords.refundKey(ledger, after.id()), record));
            writes.add(put(PaymentRecords.refundVersionKey(ledger, after.id(), after.version()), record));
            byte[] stepKey = PaymentRecords.stepKey(ledger, ProcessorStep.Kind.REFUND, after.id());
            if (after.status() == Refund.Status.PENDING && before == null) {
                writes.add(put(stepKey, PaymentRecords.PRESENT));
            } else if (after.status() != Refund.Status.PENDING && before != null
                    && before.status() == Refund.Status.PENDING) {
                writes.add(PodCommand.Put.deletion(ColumnFamily.PAYMENTS, stepKey));
            }
            for (EventType type : types) {
                events.add(new NotedEvent(type, after.id(), after.version()));
            }
            return this;
        }

        /** A record that must not exist yet, put with the change (the request key's index). */
        Change claim(byte[] key, byte[] value) {
            expected.add(put(key, ABSENT));
            writes.add(put(key, value));
            return this;
        }

        Change put(byte[] key, byte[] value, boolean present) {
            writes.add(present ? put(key, value) : PodCommand.Put.deletion(ColumnFamily.PAYMENTS, key));
            return this;
        }

        Change transfers(TransferBatch batch) {
            transfers = batch;
            return this;
        }

        PodCommand.GuardedChange command() {
            return new PodCommand.GuardedChange(ledger, expected, transfers, writes, events);
        }

        private static PodCommand.Put put(byte[] key, byte[] value) {
            return new PodCommand.Put(ColumnFamily.PAYMENTS, key, value);
        }
    }

    /** Writes the change with the answer to store under the request's idempotency key (or none). */
    Result write(Change change, DurableResponse answer) {
        Object outcome = Futures.await(pods.submit(change.command(), answer));
        if (outcome instanceof AlreadyAnswered answered) {
            return new Replayed(answered.storedAnswer());
        }
        GuardedOutcome guarded = (GuardedOutcome) outcome;
        return switch (guarded.status()) {
            case APPLIED -> new Written();
            case STALE -> new Stale();
            case REFUSED -> throw refused(guarded);
        };
    }

    /** A payment's ledger transfer failed: someone changed the payments accounts (their flags) by hand. */
    private static ApiException refused(GuardedOutcome outcome) {
        String code = "ledger_refused";
        for (int i = 0; i < outcome.transferResults().size(); i++) {
            String result = outcome.transferResults().result(i).code();
            if (!result.equals("linked_event_failed") && !result.equals("ok")) {
                code = result;
                break;
            }
        }
        return new ApiException(422, ErrorType.LEDGER, code, "the ledger refused the payment's transfers ("
                + code + "); check the payments accounts of this currency", null);
    }
}
