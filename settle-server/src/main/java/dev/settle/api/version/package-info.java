/**
 * Date-based API versions (Stripe's scheme): each change between versions is one
 * {@link dev.settle.api.version.VersionChange} that upgrades requests and downgrades answers, so
 * the code speaks only the newest version and a tenant stays pinned to its own.
 */
package dev.settle.api.version;
