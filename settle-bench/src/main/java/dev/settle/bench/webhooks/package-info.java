/**
 * The webhook side of {@code settle bench --http --webhooks}: a local receiver that the server's
 * relay delivers every event to, and the measurement of that relay while the HTTP load runs.
 *
 * <ul>
 *   <li>{@link dev.settle.bench.webhooks.WebhookReceiver}: an HTTP endpoint on loopback that
 *       answers 200 and counts deliveries and distinct {@code webhook-id}s
 *       ({@link dev.settle.bench.webhooks.DeliveryTally}, {@link dev.settle.bench.webhooks.EventIdSet}).
 *   <li>{@link dev.settle.bench.webhooks.WebhookRelayBench}: subscribes the receiver to every event
 *       of the bench's tenant before the load, then waits until every event of the tenant has
 *       arrived and reports it as a {@link dev.settle.bench.webhooks.WebhookRelayResult}.
 * </ul>
 *
 * <p>The receiver is built on the JDK's {@code com.sun.net.httpserver} with a virtual thread per
 * request: it only needs to keep up with the relay, not to be measured itself.
 */
package dev.settle.bench.webhooks;
