package dev.settle.webhooks;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns an exception from the HTTP client into one of the stable error strings of {@link
 * DeliveryOutcome}. The client's exception messages are never passed on: they vary between versions,
 * may name the address connected to, and are not meant for tenants.
 */
final class NetworkFailures {
    /** The HTTP client wraps failures a few levels deep; a longer chain is not looked into. */
    private static final int CAUSE_DEPTH_MAX = 8;

    private NetworkFailures() {}

    /** The target refusal somewhere in the failure's cause chain, or null when it is a network failure. */
    static TargetRefusedException refusal(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSE_DEPTH_MAX; depth++, cause = cause.getCause()) {
            if (cause instanceof TargetRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * Looks through the whole cause chain before deciding, because the client may wrap the telling
     * exception. The most specific finding wins.
     */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "request failed";
        }
        boolean reset = false;
        boolean closed = false;
        boolean connectFailed = false;
        boolean unreachable = false;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSE_DEPTH_MAX; depth++, cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            // Jetty reports a connect timeout as SocketTimeoutException("Connect Timeout").
            if (cause instanceof SocketTimeoutException && message.contains("connect")) {
                return DeliveryOutcome.CONNECT_TIMED_OUT;
            }
            // Jetty's idle and total timeouts, and the sender's own deadline.
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
                return DeliveryOutcome.READ_TIMED_OUT;
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return DeliveryOutcome.UNKNOWN_HOST;
            }
            if (cause instanceof SSLException) {
                return DeliveryOutcome.TLS_FAILED;
            }
            reset |= message.contains("reset");
            closed |= cause instanceof EOFException || message.contains("closed");
            unreachable |= cause instanceof NoRouteToHostException || message.contains("unreachable");
            connectFailed |= cause instanceof ConnectException;
        }
        if (reset) {
            return DeliveryOutcome.CONNECTION_RESET;
        }
        if (unreachable) {
            return DeliveryOutcome.CONNECT_FAILED;
        }
        if (connectFailed) {
            // A timeout and an unreachable network were ruled out above: the peer refused.
            return DeliveryOutcome.CONNECTION_REFUSED;
        }
        if (closed) {
            return DeliveryOutcome.CONNECTION_CLOSED;
        }
        return "request failed (" + failure.getClass().getSimpleName() + ")";
    }
}
