package dev.settle.bench;

import java.sql.Connection;
import java.sql.SQLException;

/** One {@link BaselineLedger} per client, opened together and closed together. */
final class BaselineLedgers implements AutoCloseable {
    private final BaselineLedger[] ledgers;

    private BaselineLedgers(BaselineLedger[] ledgers) {
        this.ledgers = ledgers;
    }

    /**
     * Opens {@code count} connections; if one fails, those already open are closed first.
     *
     * @throws BaselineUnavailableException when a connection is refused (max_connections, for one)
     */
    static BaselineLedgers open(BaselineConnector connector, int count) throws SQLException {
        BaselineLedgers opened = new BaselineLedgers(new BaselineLedger[count]);
        try {
            for (int i = 0; i < count; i++) {
                opened.ledgers[i] = ledgerOver(connector.open());
            }
            return opened;
        } catch (SQLException | RuntimeException e) {
            try {
                opened.close();
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static BaselineLedger ledgerOver(Connection connection) throws SQLException {
        try {
            return new BaselineLedger(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    BaselineLedger get(int index) {
        return ledgers[index];
    }

    /** Closes every ledger, even after a failure; throws the first failure with the rest suppressed. */
    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (BaselineLedger ledger : ledgers) {
            if (ledger == null) {
                continue;
            }
            try {
                ledger.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
