package dev.settle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.reference.Command;
import dev.settle.ledger.reference.EngineHarness;
import dev.settle.ledger.reference.LedgerArbitraries;
import dev.settle.ledger.reference.Scenario;
import dev.settle.ledger.reference.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The same commands with the same timestamps give the same state, down to the digest. */
class DeterminismProperties {

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void replayingTheSameCommandsGivesTheSameDigest(@ForAll("scenarios") Scenario scenario) {
        String first = replay(scenario, false);
        String second = replay(scenario, false);
        String pipelined = replay(scenario, true);
        assertThat(second).isEqualTo(first);
        assertThat(pipelined).as("how the store lags does not change the state").isEqualTo(first);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return LedgerArbitraries.scenarios(12);
    }

    private static String replay(Scenario scenario, boolean pipelined) {
        EngineHarness harness = new EngineHarness(pipelined);
        long now = Scenario.START_NANOS;
        List<Command> sent = new ArrayList<>();
        for (Scenario.Step step : scenario.steps()) {
            now += step.advanceNanos();
            harness.beginBatch(now);
            for (Command command : step.commands()) {
                Command resolved = ScenarioRunner.resolve(command, sent);
                if (resolved == null) {
                    continue;
                }
                sent.add(resolved);
                switch (resolved) {
                    case Command.CreateAccounts c -> harness.createAccounts(c.accounts());
                    case Command.CreateTransfers c -> harness.createTransfers(c.transfers());
                    case Command.CreateTransaction c -> harness.createTransaction(c.transaction());
                    case Command.Resubmit r -> throw new IllegalStateException("resolved above");
                }
            }
            harness.endBatch();
        }
        return harness.restartAfterDurable()[0];
    }
}
