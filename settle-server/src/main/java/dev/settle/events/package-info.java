/**
 * The event log: every state change writes an event in the same atomic batch as the change (a
 * transactional outbox), numbered per ledger, read by {@code GET /v1/events} and by the webhook
 * relay, and deleted after the retention period.
 */
package dev.settle.events;
