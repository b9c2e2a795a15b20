package dev.settle.ledger.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a scenario against the reference model and the engine side by side and fails at the first
 * difference: every result, every balance after every batch, the digest across restarts, and at
 * the end everything the store holds.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs the scenario; returns a label per outcome (for coverage statistics). */
    public static List<String> run(Scenario scenario, boolean pipelined) {
        List<String> outcomes = new ArrayList<>();
        ReferenceLedger model = new ReferenceLedger();
        EngineHarness harness = new EngineHarness(pipelined);
        long now = Scenario.START_NANOS;
        List<Command> sent = new ArrayList<>();
        for (Scenario.Step step : scenario.steps()) {
            now += step.advanceNanos();
            ReferenceLedger beforeBatch = model.copy();
            model.beginBatch(now);
            harness.beginBatch(now);
            for (Command command : step.commands()) {
                Command resolved = resolve(command, sent);
                if (resolved != null) {
                    applyBoth(resolved, model, harness, outcomes);
                    sent.add(resolved);
                }
            }
            harness.endBatch();
            assertBalanced(harness.engine());
            assertSameAccounts(model, harness.engine());
            switch (step.crash()) {
                case AFTER_DURABLE -> {
                    String[] digests = harness.restartAfterDurable();
                    assertThat(digests[1]).as("state digest after recovery").isEqualTo(digests[0]);
                }
                case LOSING_IN_FLIGHT -> {
                    int lost = harness.restartLosingInFlight();
                    assertThat(lost).isLessThanOrEqualTo(1);
                    if (lost == 1) {
                        model = beforeBatch;
                    }
                }
                case NONE -> { }
            }
            assertSameAccounts(model, harness.engine());
        }
        String[] digests = harness.restartAfterDurable();
        assertThat(digests[1]).as("state digest after recovery").isEqualTo(digests[0]);
        assertSameStore(model, harness.store());
        assertSameAccounts(model, harness.engine());
        return outcomes;
    }

    /**
     * The command itself, or for a resubmission (a client's retry) the earlier create-transfers
     * or create-accounts it names (null if none). Account retries are kept in the mix so that
     * "account exists" shows up in every run, not only when a new account happens to repeat an
     * old one field for field.
     */
    public static Command resolve(Command command, List<Command> sent) {
        if (!(command instanceof Command.Resubmit resubmit)) {
            return command;
        }
        List<Command> retried = sent.stream()
                .filter(c -> c instanceof Command.CreateTransfers || c instanceof Command.CreateAccounts).toList();
        return retried.isEmpty() ? null : retried.get(resubmit.pick() % retried.size());
    }

    private static void applyBoth(Command command, ReferenceLedger model, EngineHarness harness,
            List<String> outcomes) {
        switch (command) {
            case Command.CreateAccounts c -> {
                List<ReferenceLedger.AccountOutcome> expected = model.createAccounts(c.accounts());
                assertThat(harness.createAccounts(c.accounts())).as("account results of %s", c).isEqualTo(expected);
                expected.forEach(r -> outcomes.add("account " + r.result().code()));
            }
            case Command.CreateTransfers c -> {
                List<ReferenceLedger.TransferOutcome> expected = model.createTransfers(c.transfers());
                assertThat(harness.createTransfers(c.transfers())).as("transfer results of %s", c).isEqualTo(expected);
                for (int i = 0; i < expected.size(); i++) {
                    outcomes.add(transferLabel(c.transfers().get(i), expected.get(i).result()));
                }
            }
            case Command.Resubmit r -> throw new IllegalArgumentException("resolve resubmissions first");
            case Command.CreateTransaction c -> {
                TransactionOutcome expected = model.createTransaction(c.transaction());
                assertThat(harness.createTransaction(c.transaction())).as("transaction result of %s", c)
                        .isEqualTo(expected);
                outcomes.add("transaction " + expected.result().code());
            }
        }
    }

    /** "transfer ok post", "transfer exceeds_credits", ...: the result, and for successes the kind. */
    private static String transferLabel(NewTransfer t, CreateTransferResult result) {
        if (result != CreateTransferResult.OK) {
            return "transfer " + result.code();
        }
        int flags = t.flags();
        String kind = (flags & TransferFlags.POST_PENDING_TRANSFER) != 0 ? "post"
                : (flags & TransferFlags.VOID_PENDING_TRANSFER) != 0 ? "void"
                : (flags & TransferFlags.PENDING) != 0 ? "pending" : "posted";
        return "transfer ok " + kind;
    }

    /** Debits equal credits per ledger, pending and posted separately. */
    public static void assertBalanced(LedgerEngine engine) {
        BatchChanges.Accounts a = engine.accounts();
        Map<Long, BigInteger[]> sums = new HashMap<>();
        for (int slot = 0; slot < a.size(); slot++) {
            BigInteger[] s = sums.computeIfAbsent(a.ledger(slot), k -> new BigInteger[] {BigInteger.ZERO,
                    BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO});
            s[0] = s[0].add(a.balance(slot, BatchChanges.Accounts.DEBITS_PENDING).toBigInteger());
            s[1] = s[1].add(a.balance(slot, BatchChanges.Accounts.CREDITS_PENDING).toBigInteger());
            s[2] = s[2].add(a.balance(slot, BatchChanges.Accounts.DEBITS_POSTED).toBigInteger());
            s[3] = s[3].add(a.balance(slot, BatchChanges.Accounts.CREDITS_POSTED).toBigInteger());
        }
        sums.forEach((ledger, s) -> {
            assertThat(s[0]).as("pending debits = pending credits in ledger %d", ledger).isEqualTo(s[1]);
            assertThat(s[2]).as("posted debits = posted credits in ledger %d", ledger).isEqualTo(s[3]);
        });
    }

    public static void assertSameAccounts(ReferenceLedger model, LedgerEngine engine) {
        BatchChanges.Accounts a = engine.accounts();
        Map<UInt128, ReferenceLedger.AccountState> expected = new TreeMap<>(model.accounts());
        Map<UInt128, ReferenceLedger.AccountState> actual = new TreeMap<>();
        for (int slot = 0; slot < a.size(); slot++) {
            UInt128 id = new UInt128(a.idHigh(slot), a.idLow(slot));
            actual.put(id, new ReferenceLedger.AccountState(id, a.ledger(slot), a.code(slot), a.flags(slot),
                    a.timestamp(slot), a.balance(slot, BatchChanges.Accounts.DEBITS_PENDING).toBigInteger(),
                    a.balance(slot, BatchChanges.Accounts.DEBITS_POSTED).toBigInteger(),
                    a.balance(slot, BatchChanges.Accounts.CREDITS_PENDING).toBigInteger(),
                    a.balance(slot, BatchChanges.Accounts.CREDITS_POSTED).toBigInteger(), a.lastTransferTimestamp(slot)));
        }
        assertThat(actual).as("accounts").isEqualTo(expected);
    }

    public static void assertSameStore(ReferenceLedger model, InMemoryStore store) {
        assertThat(describeTransfers(store.transfers())).as("stored transfers")
                .isEqualTo(describeTransfers(model.transfers()));
        Map<UInt128, String> failed = new TreeMap<>();
        store.failedTransfers().forEach((id, f) -> failed.put(id, f.result().code()));
        Map<UInt128, String> expectedFailed = new TreeMap<>();
        model.failedTransfers().forEach((id, r) -> expectedFailed.put(id, r.code()));
        assertThat(failed).as("transiently failed transfer ids").isEqualTo(expectedFailed);
        assertThat(describeTransactions(store.transactions())).as("stored transactions")
                .isEqualTo(describeTransactions(model.transactions()));
        assertThat(new TreeMap<>(store.history())).as("balance history").isEqualTo(new TreeMap<>(model.history()));
    }

    public static Map<UInt128, String> describeTransfers(Map<UInt128, TransferRecord> transfers) {
        Map<UInt128, String> out = new TreeMap<>();
        transfers.forEach((id, t) -> out.put(id, describe(t)));
        return out;
    }

    /** Every field, with null and empty metadata the same. */
    public static String describe(TransferRecord t) {
        return new TransferRecord(t.id(), t.debitAccountId(), t.creditAccountId(), t.amount(), t.pendingId(),
                t.userData128(), t.userData64(), t.userData32(), t.timeoutSeconds(), t.ledger(), t.code(), t.flags(),
                t.timestamp(), t.status(), t.previousDebitTimestamp(), t.previousCreditTimestamp(), null)
                + Arrays.toString(t.metadata() == null ? new byte[0] : t.metadata());
    }

    private static Map<UInt128, String> describeTransactions(Map<UInt128, TransactionRecord> transactions) {
        Map<UInt128, String> out = new TreeMap<>();
        transactions.forEach((id, t) -> out.put(id, t.id() + " " + t.code() + " " + t.entries() + " "
                + Arrays.toString(t.metadata() == null ? new byte[0] : t.metadata()) + " " + t.timestamp() + " "
                + t.legCount()));
        return out;
    }
}
