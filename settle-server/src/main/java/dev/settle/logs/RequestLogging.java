package dev.settle.logs;

import dev.settle.request.RequestContext;
import dev.settle.request.RequestListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one access log line per answered request, on logger {@value LogKeys#ACCESS_LOGGER}:
 * {@code POST /v1/transfers 201 0.84 ms}, with the request's ids (request, tenant, trace), its
 * method, route, status, duration, replay and client address (and the address a trusted proxy
 * forwarded for) as key-values. Other lines logged while a request
 * runs get its ids from {@link RequestLogIds}, read by the appender; nothing goes into the MDC.
 *
 * <p>It logs the route's template, never the path (paths hold ids), and never a header, the query
 * string or the body (they hold keys and secrets). It is on every request's path, so it checks
 * the level once and uses no {@code String.format}.
 */
public final class RequestLogging implements RequestListener {
    private static final Logger ACCESS = LoggerFactory.getLogger(LogKeys.ACCESS_LOGGER);
    /** Enough for the longest method, route template, status and duration without regrowing. */
    private static final int ACCESS_MESSAGE_CHARS = 96;
    private static final long NANOS_PER_HUNDREDTH_MILLI = 10_000;
    private static final long NANOS_PER_MICRO = 1_000;

    @Override
    public void completed(RequestContext request) {
        if (ACCESS.isInfoEnabled()) {
            logAccess(request);
        }
    }

    private static void logAccess(RequestContext request) {
        String route = request.routeTemplate();
        StringBuilder message = new StringBuilder(ACCESS_MESSAGE_CHARS).append(request.method()).append(' ')
                .append(route).append(' ').append(request.status()).append(' ');
        appendMillis(message, request.durationNanos());
        // The level was checked by the caller: build the event without checking it again.
        LoggingEventBuilder line = ACCESS.makeLoggingEventBuilder(Level.INFO)
                .setMessage(message.append(" ms").toString());
        RequestLogIds.each(request, line::addKeyValue);
        line.addKeyValue(LogKeys.METHOD, request.method())
                .addKeyValue(LogKeys.ROUTE, route)
                .addKeyValue(LogKeys.STATUS, request.status())
                .addKeyValue(LogKeys.DURATION_MICROS, request.durationNanos() / NANOS_PER_MICRO)
                .addKeyValue(LogKeys.REPLAYED, request.replayed());
        if (request.peerAddress() != null) {
            line.addKeyValue(LogKeys.CLIENT, request.peerAddress().getHostAddress());
        }
        if (request.forwardedFor() != null) {
            line.addKeyValue(LogKeys.FORWARDED_FOR, request.forwardedFor().getHostAddress());
        }
        line.log();
    }

    /** Appends {@code nanos} as milliseconds with two decimals, rounded ({@code 0.84}). */
    private static void appendMillis(StringBuilder to, long nanos) {
        long hundredths = (Math.max(0, nanos) + NANOS_PER_HUNDREDTH_MILLI / 2) / NANOS_PER_HUNDREDTH_MILLI;
        long fraction = hundredths % 100;
        to.append(hundredths / 100).append('.');
        if (fraction < 10) {
            to.append('0');
        }
        to.append(fraction);
    }
}
