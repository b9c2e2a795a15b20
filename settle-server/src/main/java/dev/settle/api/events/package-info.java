/**
 * {@code /v1/events}: the event log, newest first, and each event rendered with the object it is
 * about, in the caller's API version (the webhook relay renders deliveries with the same views).
 */
package dev.settle.api.events;
