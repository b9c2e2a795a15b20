package dev.settle.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The textbook row-lock ledger over one connection: every transfer is one transaction that locks
 * both accounts (and, for a post, the pending transfer), checks the balances in the application,
 * updates both accounts, writes the journal row and commits. Statements are prepared once per
 * connection. Durability is whatever the server is configured with; nothing here weakens it.
 *
 * <p>Deadlock freedom: accounts are always locked in id order in one statement, and a pending
 * transfer row is locked only by the client that created it, before it locks any account.
 */
final class BaselineLedger implements AutoCloseable {
    /** The largest value of numeric(39,0): 10^39 - 1, which covers every unsigned 128-bit amount. */
    static final BigDecimal BALANCE_MAX = BigDecimal.TEN.pow(39).subtract(BigDecimal.ONE);
    /** Stands for "no pending transfer"; transfer ids start at 1 (see {@link BaselineClient#transferId}). */
    static final long NO_PENDING_ID = 0;

    // ORDER BY ... FOR UPDATE locks the rows in sorted order: PostgreSQL applies the row locks above the sort.
    private static final String LOCK_ACCOUNTS = "SELECT id, debits_pending, debits_posted, credits_pending, credits_posted"
            + " FROM accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE";
    private static final String LOCK_PENDING = "SELECT debit_account_id, credit_account_id, amount, status"
            + " FROM transfers WHERE id = ? FOR UPDATE";
    private static final String DEBIT = "UPDATE accounts SET debits_pending = debits_pending + ?,"
            + " debits_posted = debits_posted + ? WHERE id = ?";
    private static final String CREDIT = "UPDATE accounts SET credits_pending = credits_pending + ?,"
            + " credits_posted = credits_posted + ? WHERE id = ?";
    private static final String INSERT_TRANSFER = "INSERT INTO transfers"
            + " (id, debit_account_id, credit_account_id, amount, pending_id, status) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String MARK_PENDING_POSTED = "UPDATE transfers SET status = '"
            + BaselineSchema.STATUS_PENDING_POSTED + "' WHERE id = ?";

    private final Connection connection;
    private final PreparedStatement lockAccounts;
    private final PreparedStatement lockPending;
    private final PreparedStatement debit;
    private final PreparedStatement credit;
    private final PreparedStatement insertTransfer;
    private final PreparedStatement markPendingPosted;

    /** Takes over {@code connection}: switches it to explicit transactions and closes it in {@link #close}. */
    BaselineLedger(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        lockAccounts = connection.prepareStatement(LOCK_ACCOUNTS);
        lockPending = connection.prepareStatement(LOCK_PENDING);
        debit = connection.prepareStatement(DEBIT);
        credit = connection.prepareStatement(CREDIT);
        insertTransfer = connection.prepareStatement(INSERT_TRANSFER);
        markPendingPosted = connection.prepareStatement(MARK_PENDING_POSTED);
    }

    /** A single-phase transfer: moves {@code amount} straight into the posted balances. */
    void posted(long id, long debitAccount, long creditAccount, long amount) throws SQLException {
        single(id, debitAccount, creditAccount, amount, 0, amount, BaselineSchema.STATUS_POSTED);
    }

    /** A two-phase reservation: moves {@code amount} into the pending balances. */
    void pending(long id, long debitAccount, long creditAccount, long amount) throws SQLException {
        single(id, debitAccount, creditAccount, amount, amount, 0, BaselineSchema.STATUS_PENDING);
    }

    private void single(long id, long debitAccount, long creditAccount, long amount, long pendingDelta,
            long postedDelta, String status) throws SQLException {
        try {
            transfer(id, debitAccount, creditAccount, amount, pendingDelta, postedDelta, NO_PENDING_ID, status);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * Posts the full amount of pending transfer {@code pendingId}: locks it, moves its amount from
     * the pending to the posted balances of its accounts, marks it posted and journals the post as
     * transfer {@code id}.
     *
     * @return the amount posted, as stored with the pending transfer
     */
    long postPending(long id, long pendingId) throws SQLException {
        try {
            lockPending.setLong(1, pendingId);
            long debitAccount;
            long creditAccount;
            long amount;
            try (ResultSet row = lockPending.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("pending transfer " + pendingId + " does not exist");
                }
                if (!BaselineSchema.STATUS_PENDING.equals(row.getString(4))) {
                    throw new IllegalStateException("transfer " + pendingId + " is " + row.getString(4) + ", not pending");
                }
                debitAccount = row.getLong(1);
                creditAccount = row.getLong(2);
                amount = row.getLong(3);
            }
            markPendingPosted.setLong(1, pendingId);
            expectOneRow(markPendingPosted.executeUpdate(), "pending transfer", pendingId);
            transfer(id, debitAccount, creditAccount, amount, -amount, amount, pendingId, BaselineSchema.STATUS_POSTED);
            connection.commit();
            return amount;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * The body every kind shares, inside the caller's transaction: lock, check, update both
     * accounts, journal. {@code pendingDelta} and {@code postedDelta} apply to both sides.
     */
    private void transfer(long id, long debitAccount, long creditAccount, long amount, long pendingDelta,
            long postedDelta, long pendingId, String status) throws SQLException {
        if (debitAccount == creditAccount) {
            throw new IllegalArgumentException("transfer " + id + " debits and credits account " + debitAccount);
        }
        lockAndCheck(id, debitAccount, creditAccount, pendingDelta, postedDelta);
        update(debit, debitAccount, pendingDelta, postedDelta);
        update(credit, creditAccount, pendingDelta, postedDelta);
        insertTransfer.setLong(1, id);
        insertTransfer.setLong(2, debitAccount);
        insertTransfer.setLong(3, creditAccount);
        insertTransfer.setLong(4, amount);
        if (pendingId == NO_PENDING_ID) {
            insertTransfer.setNull(5, Types.BIGINT);
        } else {
            insertTransfer.setLong(5, pendingId);
        }
        insertTransfer.setString(6, status);
        expectOneRow(insertTransfer.executeUpdate(), "transfer", id);
    }

    /**
     * Locks both accounts in id order and checks, as the application would before writing, that
     * the new balances stay within numeric(39,0) and pending balances never go negative.
     */
    private void lockAndCheck(long id, long debitAccount, long creditAccount, long pendingDelta, long postedDelta)
            throws SQLException {
        lockAccounts.setLong(1, debitAccount);
        lockAccounts.setLong(2, creditAccount);
        int locked = 0;
        try (ResultSet rows = lockAccounts.executeQuery()) {
            while (rows.next()) {
                locked++;
                // Columns 2, 3 are the debit balances (pending, posted); 4, 5 the credit balances.
                int firstBalance = rows.getLong(1) == debitAccount ? 2 : 4;
                checkSide(id, rows.getLong(1), rows.getBigDecimal(firstBalance), rows.getBigDecimal(firstBalance + 1),
                        pendingDelta, postedDelta);
            }
        }
        if (locked != 2) {
            throw new IllegalStateException("transfer " + id + " found " + locked + " of accounts " + debitAccount
                    + " and " + creditAccount);
        }
    }

    private static void checkSide(long id, long account, BigDecimal pending, BigDecimal posted, long pendingDelta,
            long postedDelta) {
        BigDecimal newPending = pending.add(BigDecimal.valueOf(pendingDelta));
        BigDecimal newPosted = posted.add(BigDecimal.valueOf(postedDelta));
        if (newPending.signum() < 0 || newPosted.signum() < 0) {
            throw new IllegalStateException("transfer " + id + " would make a balance of account " + account
                    + " negative");
        }
        // The workload never gets near the limit; a production ledger would answer with a result code here.
        if (newPending.add(newPosted).compareTo(BALANCE_MAX) > 0) {
            throw new IllegalStateException("transfer " + id + " would overflow the balances of account " + account);
        }
    }

    private static void update(PreparedStatement side, long account, long pendingDelta, long postedDelta)
            throws SQLException {
        side.setLong(1, pendingDelta);
        side.setLong(2, postedDelta);
        side.setLong(3, account);
        expectOneRow(side.executeUpdate(), "account", account);
    }

    private static void expectOneRow(int updated, String what, long id) {
        if (updated != 1) {
            throw new IllegalStateException("wrote " + updated + " rows for " + what + " " + id + ", expected 1");
        }
    }

    private void rollbackAfter(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() throws SQLException {
        // Closing the connection closes its statements; a transaction left open is rolled back by the server.
        connection.close();
    }
}
