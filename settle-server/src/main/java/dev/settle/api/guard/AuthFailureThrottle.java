package dev.settle.api.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down key guessing: a client address that presented {@link #FAILURES_PER_WINDOW} wrong keys
 * or admin tokens within {@link #WINDOW_NANOS} is refused (429, before its key is even checked)
 * until the window ends. IPv6 clients are counted by their /64, the block one subscriber usually
 * gets, so rotating through addresses of one block does not help. The table is bounded: past
 * {@link #ADDRESSES_TRACKED_MAX} addresses, ended windows are dropped, and if every window is
 * still running, a new address is not counted (an attack from that many addresses gets no more
 * tries than it had; the heap does not grow with it).
 */
public final class AuthFailureThrottle {
    public static final int FAILURES_PER_WINDOW = 20;
    public static final long WINDOW_NANOS = 10_000_000_000L;
    static final int ADDRESSES_TRACKED_MAX = 100_000;
    private static final int IPV6_PREFIX_BYTES = 8;

    private final LongSupplier nanoClock;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    public AuthFailureThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Seconds until {@code client} may try again, or 0 when it may try now. A null client (not
     * known, as in tests without a socket) is never throttled.
     */
    public long retryAfterSeconds(InetAddress client) {
        if (client == null) {
            return 0;
        }
        Window window = windows.get(keyOf(client));
        if (window == null) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        long left = window.startNanos + WINDOW_NANOS - now;
        synchronized (window) {
            if (left <= 0 || window.failures < FAILURES_PER_WINDOW) {
                return 0;
            }
        }
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts one wrong key or token from {@code client}. */
    public void failed(InetAddress client) {
        if (client == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        Object key = keyOf(client);
        if (windows.size() >= ADDRESSES_TRACKED_MAX && !windows.containsKey(key)) {
            windows.values().removeIf(w -> now - w.startNanos >= WINDOW_NANOS);
            if (windows.size() >= ADDRESSES_TRACKED_MAX) {
                return;
            }
        }
        Window window = windows.compute(key, (k, w) -> w == null || now - w.startNanos >= WINDOW_NANOS
                ? new Window(now) : w);
        synchronized (window) {
            window.failures++;
        }
    }

    /** Addresses being counted (for tests and metrics). */
    public int tracked() {
        return windows.size();
    }

    /** IPv4: the address; IPv6: its /64. */
    private static Object keyOf(InetAddress client) {
        byte[] bytes = client.getAddress();
        if (client instanceof Inet6Address) {
            long prefix = 0;
            for (int i = 0; i < IPV6_PREFIX_BYTES; i++) {
                prefix = (prefix << 8) | (bytes[i] & 0xFF);
            }
            return prefix;
        }
        return ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
    }
}
