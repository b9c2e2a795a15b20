package dev.settle.api.guard;

import dev.settle.common.AddressRange;
import java.util.List;

/**
 * Everything the server bounds per client before it trusts a request: the connection limits, the
 * body bytes in flight (in all and per tenant), and the proxies whose forwarded addresses count.
 *
 * @param bodyBytesInFlightMax request body bytes held at once, all requests together
 * @param tenantBodyBytesInFlightMax request body bytes one tenant's requests hold at once
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client (and that are exempt
 *     from the per-address connection cap); empty by default: no header is believed
 */
public record ClientLimits(ConnectionLimits connections, long bodyBytesInFlightMax, long tenantBodyBytesInFlightMax,
        List<AddressRange> trustedProxies) {
    public static final long MIB = 1024 * 1024;
    /** Bodies in flight get a sixteenth of the heap by default: parsed, a body takes several times its size. */
    static final int HEAP_SHARE_DIVISOR = 16;
    static final long BODY_BYTES_IN_FLIGHT_MIN = 16 * MIB;
    static final long TENANT_BODY_BYTES_IN_FLIGHT_CEILING = 64 * MIB;
    /** One tenant gets a quarter of the process's budget by default, so three others still get in. */
    static final int TENANT_SHARE_DIVISOR = 4;

    public ClientLimits {
        trustedProxies = List.copyOf(trustedProxies);
        if (tenantBodyBytesInFlightMax < 1 || tenantBodyBytesInFlightMax > bodyBytesInFlightMax) {
            throw new IllegalArgumentException("body budgets must be positive with tenant <= process");
        }
    }

    /**
     * The defaults for this JVM's heap. {@code largestBodyBytes} is the largest body a route takes:
     * one tenant's budget is never smaller, or such a request could never be admitted.
     */
    public static ClientLimits defaults(long largestBodyBytes) {
        long process = Math.max(BODY_BYTES_IN_FLIGHT_MIN, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
        long tenant = Math.max(largestBodyBytes, Math.min(TENANT_BODY_BYTES_IN_FLIGHT_CEILING,
                process / TENANT_SHARE_DIVISOR));
        return new ClientLimits(ConnectionLimits.defaults(), Math.max(process, tenant), tenant, List.of());
    }

    public ClientLimits withConnections(ConnectionLimits limits) {
        return new ClientLimits(limits, bodyBytesInFlightMax, tenantBodyBytesInFlightMax, trustedProxies);
    }

    public ClientLimits withBodyBytes(long processMax, long tenantMax) {
        return new ClientLimits(connections, processMax, tenantMax, trustedProxies);
    }

    public ClientLimits withTrustedProxies(List<AddressRange> proxies) {
        return new ClientLimits(connections, bodyBytesInFlightMax, tenantBodyBytesInFlightMax, proxies);
    }
}
