/**
 * Small helpers every feature uses and that belong to none: UUID ids (strict parsing, UUIDv7) and
 * SHA-256. Depends on the ledger's {@code UInt128} only.
 */
package dev.settle.common;
