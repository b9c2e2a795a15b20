package dev.settle.metrics;

import dev.settle.api.guard.ConnectionGuard;
import dev.settle.api.tls.HandshakeDeadline;
import dev.settle.traffic.BodyBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the defences against hostile clients refused: connections closed by the per-address cap
 * or the header deadline ({@code settle_connections_closed_total{reason}}), bodies refused by the
 * byte budgets ({@code settle_body_budget_refusals_total{scope}}), and the body bytes held now.
 * With HTTPS, connections closed because their TLS handshake passed the header deadline count
 * under {@code reason="tls_handshake_deadline"}.
 */
public final class ClientGuardMetrics {
    private ClientGuardMetrics() {}

    public static void bind(MeterRegistry registry, ConnectionGuard guard, BodyBudget bodies) {
        FunctionCounter.builder("settle.connections.closed", guard, ConnectionGuard::refusedByAddressCap)
                .tag("reason", "address_cap").description("Connections closed by a client-side limit")
                .register(registry);
        FunctionCounter.builder("settle.connections.closed", guard, ConnectionGuard::cutByHeaderDeadline)
                .tag("reason", "header_deadline").description("Connections closed by a client-side limit")
                .register(registry);
        FunctionCounter.builder("settle.body.budget.refusals", bodies, BodyBudget::refusedTenant)
                .tag("scope", "tenant").description("Requests refused, body unread, because a body budget was held")
                .register(registry);
        FunctionCounter.builder("settle.body.budget.refusals", bodies, BodyBudget::refusedProcess)
                .tag("scope", "process").description("Requests refused, body unread, because a body budget was held")
                .register(registry);
        Gauge.builder("settle.body.bytes.in.flight", bodies, BodyBudget::processBytesInFlight).baseUnit("bytes")
                .description("Request body bytes reserved now, all tenants together").register(registry);
    }

    /** The TLS handshake deadline's cuts (only when serving HTTPS). */
    public static void bindTls(MeterRegistry registry, HandshakeDeadline handshakes) {
        FunctionCounter.builder("settle.connections.closed", handshakes, HandshakeDeadline::cut)
                .tag("reason", "tls_handshake_deadline").description("Connections closed by a client-side limit")
                .register(registry);
    }
}
