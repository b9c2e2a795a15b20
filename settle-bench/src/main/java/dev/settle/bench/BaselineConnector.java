package dev.settle.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens connections to the baseline's database, each with its search path set to the run's
 * schema so the ledger's statements can name tables without it. The driver is called directly
 * rather than looked up through DriverManager: no service loading, and it works the same inside
 * the shaded jar.
 */
final class BaselineConnector {
    /** Long enough for a loaded local server, short enough that a wrong host fails the run quickly. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final String APPLICATION_NAME = "settle-bench";

    private final PostgresBaselineConfig config;
    private final Driver driver = new Driver();

    BaselineConnector(PostgresBaselineConfig config) {
        this.config = config;
    }

    /**
     * A new connection in autocommit mode.
     *
     * @throws BaselineUnavailableException when the server cannot be reached or refuses the login
     */
    Connection open() {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("currentSchema", config.schema());
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        try {
            Connection connection = driver.connect(config.jdbcUrl(), properties);
            if (connection == null) {
                // The driver returns null for a URL that is not its own; the config already checked the prefix.
                throw new AssertionError("the PostgreSQL driver does not accept " + config.safeJdbcUrl());
            }
            return connection;
        } catch (SQLException e) {
            // The driver's messages name host, port and user but never the password.
            throw new BaselineUnavailableException("PostgreSQL at " + config.safeJdbcUrl() + " is not reachable as user "
                    + config.user() + ": " + e.getMessage(), e);
        }
    }
}
