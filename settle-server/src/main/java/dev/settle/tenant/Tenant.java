package dev.settle.tenant;

import dev.settle.ledger.UInt128;

/**
 * A tenant: its own ledger inside a pod, its own key, its pinned API version.
 *
 * @param ledger the pod ledger that holds its accounts and transfers (1, 2, … in creation order)
 * @param keyHash SHA-256 of its secret key; the key itself is never stored
 */
public record Tenant(UInt128 id, String name, int ledger, String apiVersion, byte[] keyHash, long createdMillis) {}
