package dev.settle.logs;

/**
 * The names that log lines share between the server, which sets them, and the encoder, which
 * puts them first: one spelling, here.
 */
public final class LogKeys {
    /** The logger of the access log: operators turn it off by setting this logger to OFF. */
    public static final String ACCESS_LOGGER = "settle.access";

    /** Every line logged during a request: the request's id, as in its {@code Request-Id} header and its error objects. */
    public static final String REQUEST_ID = "request_id";
    /** Every line logged during a request: the authenticated tenant's public id (the UUID the admin API answers). */
    public static final String TENANT_ID = "tenant_id";
    /** Every line logged during a request: the W3C trace id (32 hex digits) when the request is traced. */
    public static final String TRACE_ID = "trace_id";

    /** Access log key-values. */
    public static final String METHOD = "method";
    public static final String ROUTE = "route";
    public static final String STATUS = "status";
    public static final String DURATION_MICROS = "duration_micros";
    public static final String REPLAYED = "replayed";
    /** The connection's peer address. */
    public static final String CLIENT = "client";
    /** The client a trusted proxy forwarded for (only when the peer is a configured trusted proxy). */
    public static final String FORWARDED_FOR = "forwarded_for";

    private LogKeys() {}
}
