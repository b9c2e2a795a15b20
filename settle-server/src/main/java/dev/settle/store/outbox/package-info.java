/**
 * The transactional outbox's write side: turns what one ledger's batch changed into event
 * records in the batch's own write set ({@link dev.settle.store.outbox.OutboxWriter}), each with
 * the trace context of the request that caused it ({@link dev.settle.store.outbox.EventTraces}),
 * so an event is durable exactly when its change is. The events themselves and their stored
 * format are the {@code events} package's.
 */
package dev.settle.store.outbox;
