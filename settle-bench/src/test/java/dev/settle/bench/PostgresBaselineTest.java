package dev.settle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Runs the baseline against the local PostgreSQL (127.0.0.1:5432, user postgres, trust
 * authentication) in its own schema. Without that server these tests fail, on purpose: the
 * baseline is part of what `settle bench` promises.
 */
class PostgresBaselineTest {
    private static final PostgresBaselineConfig LOCAL =
            PostgresBaselineConfig.defaults().withClients(4).withSchema("settle_bench_test");

    @Test
    void everyTransferIsCommittedOnceAndDebitsEqualCredits() throws SQLException {
        WorkloadSpec spec = new WorkloadSpec(100, 0, 2_000, 100, 10, 1);
        AtomicLong progress = new AtomicLong();

        BaselineResult result = runLocally(LOCAL, spec, progress);

        assertThat(result.transfers()).isEqualTo(2_000);
        assertThat(result.clients()).isEqualTo(4);
        assertThat(progress.get()).isEqualTo(2_000);
        assertThat(result.transfersPerSecond()).isPositive();
        assertThat(result.latencyMicrosP50()).isPositive()
                .isLessThanOrEqualTo(result.latencyMicrosP99());
        assertThat(result.latencyMicrosP99()).isLessThanOrEqualTo(result.latencyMicrosP999());
        BaselineTotals totals = totals(LOCAL);
        assertThat(totals.transfers()).isEqualTo(2_000);
        assertThat(totals.debitsPosted()).isEqualByComparingTo(totals.creditsPosted()).isPositive();
        // 10 % pending, and no client gets far enough to post them (TransferWorkload.POST_DELAY_OPERATIONS).
        assertThat(totals.debitsPending()).isEqualByComparingTo(totals.creditsPending()).isPositive();
        assertThat(totals.problems(2_000)).isEmpty();
    }

    @Test
    void allTransfersOnOneHotAccountSerializeWithoutDeadlock() throws SQLException {
        WorkloadSpec spec = new WorkloadSpec(100, 100, 2_000, 100, 10, 2);

        BaselineResult result = runLocally(LOCAL, spec, new AtomicLong());

        assertThat(result.transfers()).isEqualTo(2_000);
        BaselineTotals totals = totals(LOCAL);
        assertThat(totals.transfers()).isEqualTo(2_000);
        assertThat(totals.debitsPosted()).isEqualByComparingTo(totals.creditsPosted());
        assertThat(totals.debitsPending()).isEqualByComparingTo(totals.creditsPending());
        assertThat(count(LOCAL, "SELECT count(*) FROM transfers WHERE 0 NOT IN (debit_account_id, credit_account_id)"))
                .as("transfers that miss the hot account").isZero();
    }

    @Test
    void pendingTransfersArePostedLater() throws SQLException {
        // Each client must run past TransferWorkload.POST_DELAY_OPERATIONS before its first post.
        int clients = 2;
        long perClient = TransferWorkload.POST_DELAY_OPERATIONS + 1_000;
        WorkloadSpec spec = new WorkloadSpec(1_000, 0, clients * perClient, 100, 50, 3);
        PostgresBaselineConfig config = LOCAL.withClients(clients);

        BaselineResult result = runLocally(config, spec, new AtomicLong());

        assertThat(result.transfers()).isEqualTo(clients * perClient);
        BaselineTotals totals = totals(config);
        assertThat(totals.posts()).isPositive().isEqualTo(totals.pendingsPosted());
        assertThat(totals.debitsPending()).isEqualByComparingTo(totals.creditsPending());
        assertThat(totals.debitsPosted()).isEqualByComparingTo(totals.creditsPosted());
        assertThat(totals.problems(clients * perClient)).isEmpty();
    }

    @Test
    void unreachableServerIsReportedWithItsAddressAndWithoutThePassword() {
        // Port 1 (tcpmux) is closed on any ordinary machine, so the connection is refused at once.
        PostgresBaselineConfig config = LOCAL.withConnection("jdbc:postgresql://127.0.0.1:1/postgres", "postgres",
                "secret-password-123");

        assertThatThrownBy(() -> PostgresBaseline.run(config, new WorkloadSpec(10, 0, 10, 1, 0, 1), n -> {}))
                .isInstanceOf(BaselineUnavailableException.class)
                .hasMessageStartingWith("PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres is not reachable")
                .hasMessageNotContaining("secret-password-123");
    }

    @Test
    void configNeverShowsThePassword() {
        PostgresBaselineConfig config = LOCAL.withConnection(
                "jdbc:postgresql://db:5432/ledger?password=url-secret&ssl=true", "app", "field-secret");

        assertThat(config.toString()).doesNotContain("url-secret").doesNotContain("field-secret")
                .contains("ssl=true");
        assertThat(config.safeJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ledger?password=***&ssl=true");
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> LOCAL.withSchema("bench; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench; DROP TABLE x");
        assertThatThrownBy(() -> LOCAL.withClients(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> LOCAL.withClients(PostgresBaselineConfig.CLIENTS_MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOCAL.withConnection("jdbc:mysql://localhost/x", "u", ""))
                .hasMessageContaining("jdbc:mysql://localhost/x");
    }

    @Test
    void transfersAreSplitEvenlyWithTheRemainderOnTheFirstClients() {
        assertThat(PostgresBaseline.share(10, 4, 0)).isEqualTo(3);
        assertThat(PostgresBaseline.share(10, 4, 1)).isEqualTo(3);
        assertThat(PostgresBaseline.share(10, 4, 2)).isEqualTo(2);
        assertThat(PostgresBaseline.share(10, 4, 3)).isEqualTo(2);
        assertThat(PostgresBaseline.share(3, 4, 3)).isZero();
    }

    /** Runs the baseline, turning a missing server into a failure that says what is needed. */
    private static BaselineResult runLocally(PostgresBaselineConfig config, WorkloadSpec spec, AtomicLong progress) {
        try {
            return PostgresBaseline.run(config, spec, progress::addAndGet);
        } catch (BaselineUnavailableException e) {
            return fail("PostgresBaselineTest needs PostgreSQL at " + config.safeJdbcUrl() + " (user "
                    + config.user() + ", trust authentication); start it, e.g. `service postgresql start`. "
                    + e.getMessage(), e);
        }
    }

    private static BaselineTotals totals(PostgresBaselineConfig config) throws SQLException {
        try (Connection connection = new BaselineConnector(config).open()) {
            return BaselineTotals.read(connection);
        }
    }

    private static long count(PostgresBaselineConfig config, String sql) throws SQLException {
        try (Connection connection = new BaselineConnector(config).open();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
