package dev.settle.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.common.AddressRange;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Wrong keys per client address: a window, counted per IPv4 address and per IPv6 /64. */
class AuthFailureThrottleTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(nanos::get);

    @Test
    void theLimitThenWaitUntilTheWindowEnds() {
        InetAddress client = AddressRange.literal("198.51.100.1");
        for (int i = 0; i < AuthFailureThrottle.FAILURES_PER_WINDOW; i++) {
            assertThat(throttle.retryAfterSeconds(client)).isZero();
            throttle.failed(client);
        }
        assertThat(throttle.retryAfterSeconds(client)).isEqualTo(10);
        assertThat(throttle.retryAfterSeconds(AddressRange.literal("198.51.100.2"))).as("another address").isZero();
        nanos.addAndGet(AuthFailureThrottle.WINDOW_NANOS - 1_500_000_000L);
        assertThat(throttle.retryAfterSeconds(client)).isEqualTo(2);
        nanos.addAndGet(1_500_000_000L);
        assertThat(throttle.retryAfterSeconds(client)).isZero();
        throttle.failed(client);
        assertThat(throttle.retryAfterSeconds(client)).as("a new window counts from one").isZero();
    }

    @Test
    void ipv6AddressesOfOneSlash64CountTogether() {
        for (int i = 0; i < AuthFailureThrottle.FAILURES_PER_WINDOW; i++) {
            throttle.failed(AddressRange.literal("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertThat(throttle.retryAfterSeconds(AddressRange.literal("2001:db8:1:2::ffff"))).isPositive();
        assertThat(throttle.retryAfterSeconds(AddressRange.literal("2001:db8:1:3::1"))).isZero();
        assertThat(throttle.tracked()).isEqualTo(1);
    }

    @Test
    void anUnknownClientIsNeverThrottled() {
        for (int i = 0; i < 2 * AuthFailureThrottle.FAILURES_PER_WINDOW; i++) {
            throttle.failed(null);
        }
        assertThat(throttle.retryAfterSeconds(null)).isZero();
    }
}
