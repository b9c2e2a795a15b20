package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.AccountResults;
import dev.settle.ledger.StateDigest;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferResults;
import dev.settle.ledger.reference.Command;
import dev.settle.ledger.reference.LedgerArbitraries;
import dev.settle.ledger.reference.ReferenceLedger;
import dev.settle.ledger.reference.Scenario;
import dev.settle.ledger.reference.ScenarioRunner;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import dev.settle.store.StoreRecovery;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The same random scenarios as the engine's model test, run through a real pod over RocksDB:
 * group commit, pipelined writes, prefetching, encoding, recovery after restarts. Results must
 * match the reference model, and what the store holds must match the model's state.
 */
class PodMatchesModelProperties {
    static final int LEDGER = 1;
    /** A second tenant's ledger in the same pod, fed the same commands: it must end up the same, independently. */
    static final int TWIN = 7;
    static final List<Integer> LEDGERS = List.of(LEDGER, TWIN);
    /** Checkpoints every few batches, so scenarios cross checkpoints, journal replays and restarts between them. */
    static final StoreOptions OPTIONS = StoreOptions.defaults().withCheckpointBatches(3);

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void podOverRocksDbMatchesModel(@ForAll("scenarios") Scenario scenario) throws Exception {
        Path directory = Files.createTempDirectory("settle-pod-property");
        try {
            run(scenario, directory);
        } finally {
            deleteRecursively(directory);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return LedgerArbitraries.scenarios(10);
    }

    private static void run(Scenario scenario, Path directory) throws Exception {
        ManualClock clock = new ManualClock(Scenario.START_NANOS);
        LedgerStore store = LedgerStore.open(directory, OPTIONS);
        Pod pod = Pod.start("property", store, LEDGERS, PodConfig.defaults(), clock);
        ReferenceLedger model = new ReferenceLedger();
        List<Command> sent = new ArrayList<>();
        try {
            for (Scenario.Step step : scenario.steps()) {
                clock.advance(step.advanceNanos());
                model.beginBatch(clock.nowNanos());
                // Like the model's beginBatch: a batch at the step's time expires what is due, commands or not.
                pod.barrier().join();
                List<Runnable> checks = new ArrayList<>();
                for (Command command : step.commands()) {
                    Command resolved = ScenarioRunner.resolve(command, sent);
                    if (resolved != null) {
                        sent.add(resolved);
                        checks.add(submit(pod, model, resolved));
                    }
                }
                checks.forEach(Runnable::run);
                assertReadModel(pod, LEDGER, model);
                assertReadModel(pod, TWIN, model);
                if (step.crash() != Scenario.Crash.NONE) {
                    pod.close();
                    String before = pod.stateDigest(LEDGER);
                    String twinBefore = pod.stateDigest(TWIN);
                    assertThat(pod.unplannedReads()).as("lookups that were not prefetched").isZero();
                    store.close();
                    store = LedgerStore.open(directory, OPTIONS);
                    assertThat(StateDigest.of(StoreRecovery.recover(store, LEDGER).engine()))
                            .as("state digest after recovery").isEqualTo(before);
                    assertThat(StateDigest.of(StoreRecovery.recover(store, TWIN).engine()))
                            .as("twin's state digest after recovery").isEqualTo(twinBefore);
                    pod = Pod.start("property", store, LEDGERS, PodConfig.defaults(), clock);
                }
            }
            pod.close();
            assertThat(pod.unplannedReads()).as("lookups that were not prefetched").isZero();
            StoreInspector.assertSameAsModel(store, LEDGER, model);
            StoreInspector.assertSameAsModel(store, TWIN, model);
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
        } finally {
            pod.close();
            store.close();
        }
    }

    /** Submits one command to both ledgers, applies it to the model, and returns the check of the answers. */
    private static Runnable submit(Pod pod, ReferenceLedger model, Command command) {
        return switch (command) {
            case Command.CreateAccounts c -> {
                CompletableFuture<AccountResults> one = pod.submit(PodCommand.accounts(LEDGER, accounts(c)))
                        .thenApply(AccountOutcomes::results);
                CompletableFuture<AccountResults> twin = pod.submit(PodCommand.accounts(TWIN, accounts(c)))
                        .thenApply(AccountOutcomes::results);
                List<ReferenceLedger.AccountOutcome> expected = model.createAccounts(c.accounts());
                yield () -> {
                    assertThat(accountOutcomes(one.join())).as("account results of %s", c).isEqualTo(expected);
                    assertThat(accountOutcomes(twin.join())).as("twin: account results of %s", c).isEqualTo(expected);
                };
            }
            case Command.CreateTransfers c -> {
                CompletableFuture<TransferResults> one = pod.submit(PodCommand.transfers(LEDGER, transfers(c)))
                        .thenApply(TransferOutcomes::results);
                CompletableFuture<TransferResults> twin = pod.submit(PodCommand.transfers(TWIN, transfers(c)))
                        .thenApply(TransferOutcomes::results);
                List<ReferenceLedger.TransferOutcome> expected = model.createTransfers(c.transfers());
                yield () -> {
                    assertThat(transferOutcomes(one.join())).as("transfer results of %s", c).isEqualTo(expected);
                    assertThat(transferOutcomes(twin.join())).as("twin: transfer results of %s", c).isEqualTo(expected);
                };
            }
            case Command.CreateTransaction c -> {
                CompletableFuture<TransactionOutcome> one = pod.submit(PodCommand.transaction(LEDGER, c.transaction()));
                CompletableFuture<TransactionOutcome> twin = pod.submit(PodCommand.transaction(TWIN, c.transaction()));
                TransactionOutcome expected = model.createTransaction(c.transaction());
                yield () -> {
                    assertThat(one.join()).as("transaction result of %s", c).isEqualTo(expected);
                    assertThat(twin.join()).as("twin: transaction result of %s", c).isEqualTo(expected);
                };
            }
            case Command.Resubmit r -> throw new IllegalArgumentException("resolve resubmissions first");
        };
    }

    /** Once a step's answers are in, the durable read model holds every account as the model does. */
    private static void assertReadModel(Pod pod, int ledger, ReferenceLedger model) {
        AccountReadModel accounts = pod.accounts(ledger);
        assertThat(accounts.size()).as("accounts in the read model").isEqualTo(model.accounts().size());
        model.accounts().forEach((id, expected) -> {
            AccountRecord a = accounts.find(id);
            assertThat(new ReferenceLedger.AccountState(id, a.ledger(), a.code(), a.flags(), a.timestamp(),
                    a.debitsPending().toBigInteger(), a.debitsPosted().toBigInteger(), a.creditsPending().toBigInteger(),
                    a.creditsPosted().toBigInteger(), a.lastTransferTimestamp())).as("read model of %s", id)
                    .isEqualTo(expected);
        });
    }

    private static AccountBatch accounts(Command.CreateAccounts c) {
        AccountBatch batch = new AccountBatch(c.accounts().size());
        c.accounts().forEach(batch::add);
        return batch;
    }

    private static TransferBatch transfers(Command.CreateTransfers c) {
        TransferBatch batch = new TransferBatch(c.transfers().size());
        c.transfers().forEach(batch::add);
        return batch;
    }

    private static List<ReferenceLedger.AccountOutcome> accountOutcomes(AccountResults results) {
        List<ReferenceLedger.AccountOutcome> actual = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            actual.add(new ReferenceLedger.AccountOutcome(results.result(i), results.timestamp(i)));
        }
        return actual;
    }

    private static List<ReferenceLedger.TransferOutcome> transferOutcomes(TransferResults results) {
        List<ReferenceLedger.TransferOutcome> actual = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            actual.add(new ReferenceLedger.TransferOutcome(results.result(i), results.timestamp(i), results.amount(i)));
        }
        return actual;
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

}
