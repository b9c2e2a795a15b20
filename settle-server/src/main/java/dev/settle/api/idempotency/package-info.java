/**
 * Idempotency keys: a request with {@code Idempotency-Key} claims it (one at a time per key and
 * tenant), gets the stored answer to replay, or runs and has its answer stored in the same atomic
 * batch as its effect; stored answers expire after 24 hours.
 */
package dev.settle.api.idempotency;
