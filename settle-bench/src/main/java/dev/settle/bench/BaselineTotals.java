package dev.settle.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline ledger's totals, read back after a run, and the invariants they must satisfy:
 * double entry (every debit has its credit), the journal agrees with the balances, and every
 * executed transfer is in the journal exactly once.
 */
record BaselineTotals(
        BigDecimal debitsPending,
        BigDecimal debitsPosted,
        BigDecimal creditsPending,
        BigDecimal creditsPosted,
        long transfers,
        BigDecimal journalPosted,
        BigDecimal journalPending,
        long pendingsPosted,
        long posts) {

    private static final String ACCOUNT_SUMS = "SELECT coalesce(sum(debits_pending), 0), coalesce(sum(debits_posted), 0),"
            + " coalesce(sum(credits_pending), 0), coalesce(sum(credits_posted), 0) FROM accounts";
    private static final String JOURNAL_SUMS = "SELECT count(*),"
            + " coalesce(sum(amount) FILTER (WHERE status = '" + BaselineSchema.STATUS_POSTED + "'), 0),"
            + " coalesce(sum(amount) FILTER (WHERE status = '" + BaselineSchema.STATUS_PENDING + "'), 0),"
            + " count(*) FILTER (WHERE status = '" + BaselineSchema.STATUS_PENDING_POSTED + "'),"
            + " count(*) FILTER (WHERE pending_id IS NOT NULL) FROM transfers";

    /** Reads the totals through {@code connection}, whose search path is the run's schema. */
    static BaselineTotals read(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement()) {
            BigDecimal[] balances = new BigDecimal[4];
            try (ResultSet row = query.executeQuery(ACCOUNT_SUMS)) {
                row.next();
                for (int i = 0; i < balances.length; i++) {
                    balances[i] = row.getBigDecimal(i + 1);
                }
            }
            try (ResultSet row = query.executeQuery(JOURNAL_SUMS)) {
                row.next();
                return new BaselineTotals(balances[0], balances[1], balances[2], balances[3], row.getLong(1),
                        row.getBigDecimal(2), row.getBigDecimal(3), row.getLong(4), row.getLong(5));
            }
        }
    }

    /** Every invariant that does not hold, in words; empty when the ledger is sound. */
    List<String> problems(long transfersExecuted) {
        List<String> problems = new ArrayList<>();
        if (debitsPosted.compareTo(creditsPosted) != 0) {
            problems.add("posted debits " + debitsPosted + " != posted credits " + creditsPosted);
        }
        if (debitsPending.compareTo(creditsPending) != 0) {
            problems.add("pending debits " + debitsPending + " != pending credits " + creditsPending);
        }
        if (transfers != transfersExecuted) {
            problems.add(transfers + " transfers in the journal, " + transfersExecuted + " executed");
        }
        if (journalPosted.compareTo(debitsPosted) != 0) {
            problems.add("posted transfers add up to " + journalPosted + ", posted balances to " + debitsPosted);
        }
        if (journalPending.compareTo(debitsPending) != 0) {
            problems.add("open pending transfers add up to " + journalPending + ", pending balances to " + debitsPending);
        }
        if (pendingsPosted != posts) {
            problems.add(pendingsPosted + " pending transfers marked posted, " + posts + " posts journaled");
        }
        return problems;
    }

    /** Throws, naming every broken invariant, unless the ledger is sound. */
    void check(long transfersExecuted) {
        List<String> problems = problems(transfersExecuted);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("PostgreSQL baseline ledger is inconsistent: " + String.join("; ", problems));
        }
    }
}
