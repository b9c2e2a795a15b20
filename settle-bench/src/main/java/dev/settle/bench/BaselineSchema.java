package dev.settle.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The textbook ledger's tables, created fresh for every run in the run's own schema.
 *
 * <pre>
 * accounts  : one row per account, four running balances (numeric(39,0) holds any u128 amount)
 * transfers : the journal; status is
 *             'posted'         a single-phase transfer, or the post of a pending one (pending_id set)
 *             'pending'        a two-phase reservation not posted yet
 *             'pending_posted' a reservation whose post has been made
 * </pre>
 *
 * Foreign keys and checks are there because a production ledger would have them; they are part of
 * the cost being measured.
 */
final class BaselineSchema {
    static final String STATUS_POSTED = "posted";
    static final String STATUS_PENDING = "pending";
    static final String STATUS_PENDING_POSTED = "pending_posted";

    private BaselineSchema() {}

    /**
     * Drops {@code schema} with everything in it and creates the tables and {@code accounts}
     * zero-balance accounts numbered 0..accounts-1, in one transaction (all or nothing).
     */
    static void recreate(Connection connection, String schema, int accounts) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement ddl = connection.createStatement()) {
            // The schema name was checked to be a plain identifier (PostgresBaselineConfig), so it can be spliced in.
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("CREATE TABLE " + schema + ".accounts ("
                    + " id bigint PRIMARY KEY,"
                    + " debits_pending numeric(39,0) NOT NULL DEFAULT 0,"
                    + " debits_posted numeric(39,0) NOT NULL DEFAULT 0,"
                    + " credits_pending numeric(39,0) NOT NULL DEFAULT 0,"
                    + " credits_posted numeric(39,0) NOT NULL DEFAULT 0)");
            ddl.execute("CREATE TABLE " + schema + ".transfers ("
                    + " id bigint PRIMARY KEY,"
                    + " debit_account_id bigint NOT NULL REFERENCES " + schema + ".accounts (id),"
                    + " credit_account_id bigint NOT NULL REFERENCES " + schema + ".accounts (id),"
                    + " amount numeric(39,0) NOT NULL CHECK (amount > 0),"
                    + " pending_id bigint REFERENCES " + schema + ".transfers (id),"
                    + " status text NOT NULL CHECK (status IN ('" + STATUS_POSTED + "', '" + STATUS_PENDING + "', '"
                    + STATUS_PENDING_POSTED + "')),"
                    + " created_at timestamptz NOT NULL DEFAULT now(),"
                    + " CHECK (debit_account_id <> credit_account_id))");
            insertAccounts(connection, schema, accounts);
            // Fresh statistics, as a long-running production table would have.
            ddl.execute("ANALYZE " + schema + ".accounts");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void insertAccounts(Connection connection, String schema, int accounts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + schema + ".accounts (id) SELECT generate_series(0, ? - 1)")) {
            insert.setLong(1, accounts);
            int inserted = insert.executeUpdate();
            if (inserted != accounts) {
                throw new IllegalStateException("inserted " + inserted + " baseline accounts, expected " + accounts);
            }
        }
    }
}
