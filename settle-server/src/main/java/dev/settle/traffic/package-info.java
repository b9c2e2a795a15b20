/**
 * Traffic control: decides, per request, whether to admit it, with Stripe's four limiters.
 *
 * <ol>
 *   <li>{@link dev.settle.traffic.RateLimiter}: a token bucket per tenant and {@link
 *       dev.settle.traffic.RequestKind} (reads and writes have separate quotas).
 *   <li>{@link dev.settle.traffic.ConcurrencyLimiter}: a cap on each tenant's requests in flight, so a
 *       tenant with slow requests cannot hold every worker.
 *   <li>{@link dev.settle.traffic.FleetGuard}: a cap on the whole process's requests in flight.
 *   <li>Load shedding: under load, {@link dev.settle.traffic.DegradationPolicy} refuses whole
 *       {@link dev.settle.traffic.Priority} classes, bulk first and critical last.
 * </ol>
 *
 * <p>{@link dev.settle.traffic.TrafficControl} is the one facade the API dispatcher calls. A refusal is
 * a {@link dev.settle.traffic.Refusal} value carried by {@link
 * dev.settle.traffic.TrafficRefusedException}; this package knows nothing about HTTP, and the api
 * layer alone maps refusals to status codes and headers. The thresholds live in {@code
 * config/degradation.yaml}, validated as a whole at start-up so the server never runs on half a
 * policy. Time comes from an injected nanosecond clock, so tests move it instead of sleeping.
 */
package dev.settle.traffic;
