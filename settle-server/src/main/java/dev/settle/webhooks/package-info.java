/**
 * Webhook delivery primitives: the pieces a delivery loop is built from, each usable and
 * testable alone.
 *
 * <ul>
 *   <li>{@link dev.settle.webhooks.WebhookSecret}: a Standard Webhooks signing secret that cannot
 *       leak into a log by accident.
 *   <li>{@link dev.settle.webhooks.WebhookSignature}: Standard Webhooks v1 signing and
 *       verification, so a receiver can use any existing Standard Webhooks library.
 *   <li>{@link dev.settle.webhooks.TargetPolicy}: which URLs a webhook may point at, so a tenant
 *       cannot make the server call into its own private network; {@link
 *       dev.settle.webhooks.SpecialPurposeAddresses} is the table of blocks it refuses.
 *   <li>{@link dev.settle.webhooks.CheckedSocketAddressResolver}: resolves a target once, checks every
 *       address, and is the only way the delivery client finds an address to connect to.
 *   <li>{@link dev.settle.webhooks.RetrySchedule}: how long to wait between attempts.
 *   <li>{@link dev.settle.webhooks.DeliverySender}: one signed POST, bounded in time and in what it
 *       reads back, that reports every failure as a {@link dev.settle.webhooks.DeliveryOutcome}.
 * </ul>
 *
 * <p>Nothing here keeps state between deliveries or calls the clock except to measure latency:
 * time and randomness come in as arguments, so the delivery loop built on top stays testable.
 */
package dev.settle.webhooks;
