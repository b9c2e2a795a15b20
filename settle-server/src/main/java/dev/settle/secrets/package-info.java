/**
 * Secrets at rest: the master keys (given in a key file or the environment, or generated beside
 * the data on a first start), AES-256-GCM sealing of the values that hold a secret (webhook
 * signing secrets, stored answers that show one), the key check record that refuses a wrong
 * master key at start, and re-sealing under a new key when the keys are rotated.
 *
 * <p>Depends on the store only; the webhooks and the idempotency records seal through
 * {@link dev.settle.secrets.SecretBox}. See docs/security.md and decision 0010.
 */
package dev.settle.secrets;
