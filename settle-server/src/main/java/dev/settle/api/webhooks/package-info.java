/**
 * {@code /v1/webhook_endpoints}: endpoints (create, update, rotate the secret, delete), their
 * deliveries and dead letters, replays, and the deliveries of one event.
 */
package dev.settle.api.webhooks;
