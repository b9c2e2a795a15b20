package dev.settle.ledger;

import dev.settle.ledger.reference.LedgerArbitraries;
import dev.settle.ledger.reference.Scenario;
import dev.settle.ledger.reference.ScenarioRunner;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * Random scenarios (accounts, transfers, chains, pending transfers, posts, voids, expiries,
 * balancing and closing transfers, multi-leg transactions, retries, restarts) applied to the
 * engine and to the reference model must give the same results, balances, stored records and
 * history. The coverage checks make sure the generators keep reaching the interesting outcomes.
 */
class EngineMatchesModelProperties {
    static final String[] MUST_SEE = {
        "transfer ok posted", "transfer ok pending", "transfer ok post", "transfer ok void", "transfer exists",
        "transfer exceeds_credits", "transfer exceeds_debits", "transfer linked_event_failed",
        "transfer pending_transfer_expired", "transfer pending_transfer_already_posted",
        "transfer id_already_failed", "transfer debit_account_already_closed", "transaction ok",
        "transaction entries_must_balance", "account ok", "account exists",
    };

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void engineMatchesModel(@ForAll("scenarios") Scenario scenario) {
        collect(ScenarioRunner.run(scenario, false));
        checkCoverage();
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void pipelinedEngineMatchesModel(@ForAll("scenarios") Scenario scenario) {
        // The store lags one batch behind, as in a pod: recent batches are answered from memory.
        collect(ScenarioRunner.run(scenario, true));
        checkCoverage();
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return LedgerArbitraries.scenarios(12);
    }

    private static void collect(List<String> outcomes) {
        outcomes.forEach(label -> Statistics.label("outcomes").collect(label));
    }

    private static void checkCoverage() {
        Statistics.label("outcomes").coverage(EngineMatchesModelProperties::mustSeeAll);
    }

    private static void mustSeeAll(StatisticsCoverage coverage) {
        for (String label : MUST_SEE) {
            coverage.check(label).count(count -> count > 0);
        }
    }
}
