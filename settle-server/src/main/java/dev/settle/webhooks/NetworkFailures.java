package dev.settle.webhooks;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns an exception from the HTTP client into one of the stable error strings of {@link
 * DeliveryOutcome}. The JDK's exception messages are never passed on: they vary between versions
 * and are not meant for tenants.
 */
final class NetworkFailures {
    /** The HTTP client wraps failures a few levels deep; a longer chain is not looked into. */
    private static final int CAUSE_DEPTH_MAX = 8;

    private NetworkFailures() {}

    /**
     * Looks through the whole cause chain before deciding, because the client wraps the telling
     * exception: a reset arrives as "header parser received no bytes" caused by "Connection reset",
     * and a refused connection as a ConnectException without a message. The most specific finding
     * wins.
     */
    static String describe(Throwable failure) {
        boolean reset = false;
        boolean closed = false;
        boolean connectFailed = false;
        boolean unreachable = false;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSE_DEPTH_MAX; depth++, cause = cause.getCause()) {
            // Checked before ConnectException and HttpTimeoutException, of which it is a kind.
            if (cause instanceof HttpConnectTimeoutException) {
                return DeliveryOutcome.CONNECT_TIMED_OUT;
            }
            if (cause instanceof HttpTimeoutException) {
                return DeliveryOutcome.READ_TIMED_OUT;
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return DeliveryOutcome.UNKNOWN_HOST;
            }
            if (cause instanceof SSLException) {
                return DeliveryOutcome.TLS_FAILED;
            }
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            reset |= message.contains("reset");
            closed |= cause instanceof EOFException || message.contains("received no bytes");
            connectFailed |= cause instanceof ConnectException;
            unreachable |= cause instanceof NoRouteToHostException || message.contains("unreachable");
        }
        if (reset) {
            return DeliveryOutcome.CONNECTION_RESET;
        }
        if (unreachable) {
            return DeliveryOutcome.CONNECT_FAILED;
        }
        if (connectFailed) {
            // The JDK client reports a refused connection as a ConnectException without a message
            // (its cause is a ClosedChannelException); a timeout or unreachable network was ruled out above.
            return DeliveryOutcome.CONNECTION_REFUSED;
        }
        if (closed) {
            return DeliveryOutcome.CONNECTION_CLOSED;
        }
        return "request failed (" + failure.getClass().getSimpleName() + ")";
    }
}
