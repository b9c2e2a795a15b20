package dev.settle.bench;

import java.util.regex.Pattern;

/**
 * Where the PostgreSQL baseline runs and with how many connections. All settings are checked
 * together here, so a bad value fails before anything touches the database.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL; default {@link #JDBC_URL_DEFAULT}
 * @param user database user; default {@link #USER_DEFAULT}
 * @param password empty for trust authentication (the default); never printed
 * @param clients concurrent client threads, one connection each; 1..{@link #CLIENTS_MAX}
 * @param schema schema the run owns: dropped and recreated at the start of every run, so it must
 *     not hold anything else; a lower-case SQL identifier, default {@link #SCHEMA_DEFAULT}
 */
public record PostgresBaselineConfig(String jdbcUrl, String user, String password, int clients, String schema) {
    public static final String JDBC_URL_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String USER_DEFAULT = "postgres";
    public static final String PASSWORD_DEFAULT = "";
    public static final int CLIENTS_DEFAULT = 16;
    /** PostgreSQL's default max_connections is 100; more than this many backends only queue on locks. */
    public static final int CLIENTS_MAX = 256;
    public static final String SCHEMA_DEFAULT = "settle_bench";

    private static final String JDBC_URL_PREFIX = "jdbc:postgresql:";
    /**
     * The schema name goes into DDL unquoted, so only plain identifiers are allowed; 63 is
     * PostgreSQL's identifier length limit (NAMEDATALEN - 1).
     */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Masks a password passed as a URL parameter, the one way a secret can hide in jdbcUrl. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

    public PostgresBaselineConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith(JDBC_URL_PREFIX)) {
            throw new IllegalArgumentException("the baseline needs a " + JDBC_URL_PREFIX + " URL, got "
                    + (jdbcUrl == null ? "none" : redact(jdbcUrl)));
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("the baseline needs a database user");
        }
        if (password == null) {
            throw new IllegalArgumentException("password must not be null (use \"\" for trust authentication)");
        }
        if (clients < 1 || clients > CLIENTS_MAX) {
            throw new IllegalArgumentException("baseline clients must be 1.." + CLIENTS_MAX + ", got " + clients);
        }
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "baseline schema must be a lower-case SQL identifier (letters, digits, _), got " + schema);
        }
    }

    /** A local server with trust authentication, 16 clients, schema settle_bench. */
    public static PostgresBaselineConfig defaults() {
        return new PostgresBaselineConfig(JDBC_URL_DEFAULT, USER_DEFAULT, PASSWORD_DEFAULT, CLIENTS_DEFAULT, SCHEMA_DEFAULT);
    }

    public PostgresBaselineConfig withConnection(String newJdbcUrl, String newUser, String newPassword) {
        return new PostgresBaselineConfig(newJdbcUrl, newUser, newPassword, clients, schema);
    }

    public PostgresBaselineConfig withClients(int newClients) {
        return new PostgresBaselineConfig(jdbcUrl, user, password, newClients, schema);
    }

    public PostgresBaselineConfig withSchema(String newSchema) {
        return new PostgresBaselineConfig(jdbcUrl, user, password, clients, newSchema);
    }

    /** The URL as it may appear in messages and logs. */
    public String safeJdbcUrl() {
        return redact(jdbcUrl);
    }

    /** Leaves the password out: a record's generated toString would print it. */
    @Override
    public String toString() {
        return "PostgresBaselineConfig[jdbcUrl=" + safeJdbcUrl() + ", user=" + user + ", password="
                + (password.isEmpty() ? "(none)" : "***") + ", clients=" + clients + ", schema=" + schema + "]";
    }

    private static String redact(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }
}
