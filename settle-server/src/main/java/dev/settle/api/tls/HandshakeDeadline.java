package dev.settle.api.tls;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TLS connection whose handshake is not done within the deadline of its opening. The
 * idle timeout alone is reset by every byte, so a client trickling a ClientHello would hold its
 * socket for ever, as a slowloris does with headers; the header deadline starts only once the
 * handshake is done. Registered on the connector both as a connection listener (to see TLS
 * connections open and close) and as a bean (Jetty hands its beans' handshake listeners to every
 * TLS connection). One timer task per connection in its handshake, on the connector's scheduler.
 */
public final class HandshakeDeadline implements Connection.Listener, SslHandshakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final Scheduler scheduler;
    private final long deadlineMillis;
    private final Map<SSLEngine, Scheduler.Task> handshaking = new ConcurrentHashMap<>();
    private final AtomicLong cut = new AtomicLong();

    public HandshakeDeadline(Scheduler scheduler, Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the handshake deadline must be positive");
        }
        this.scheduler = scheduler;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection tls) {
            SSLEngine engine = tls.getSSLEngine();
            handshaking.put(engine, scheduler.schedule(() -> expire(tls), deadlineMillis, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection tls) {
            done(tls.getSSLEngine());
        }
    }

    @Override
    public void handshakeSucceeded(Event event) {
        done(event.getSSLEngine());
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        done(event.getSSLEngine());
    }

    /** Connections closed because their handshake passed the deadline. */
    public long cut() {
        return cut.get();
    }

    /** Connections in their handshake now. */
    public int handshaking() {
        return handshaking.size();
    }

    private void expire(SslConnection tls) {
        if (handshaking.remove(tls.getSSLEngine()) != null) {
            cut.incrementAndGet();
            LOG.debug("closed a TLS connection whose handshake took longer than {} ms", deadlineMillis);
            tls.getEndPoint().close();
        }
    }

    private void done(SSLEngine engine) {
        Scheduler.Task task = handshaking.remove(engine);
        if (task != null) {
            task.cancel();
        }
    }
}
