/**
 * Tenants: each has one ledger in one pod, a pinned API version, limits, and secret keys stored
 * as SHA-256 hashes only ({@link dev.settle.tenant.ApiKeys}). The registry keeps them in memory,
 * written through to the store.
 */
package dev.settle.tenant;
