/**
 * The event log's read side and its stored format: every state change writes an event in the same
 * atomic batch as the change (the write side is {@code store.outbox}), numbered per ledger,
 * stored in chunks ({@link dev.settle.events.EventChunks}), read by {@code GET /v1/events} and by
 * the webhook relay ({@link dev.settle.events.StoredEvents}), and deleted after the retention
 * period ({@link dev.settle.events.EventRetention}).
 */
package dev.settle.events;
