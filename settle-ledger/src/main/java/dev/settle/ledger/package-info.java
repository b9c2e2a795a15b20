/**
 * The ledger engine: a pure, deterministic double-entry state machine.
 *
 * <p>This module depends on the JDK only. It performs no I/O, never reads a clock and never
 * draws a random number: time and ids come in with the commands, so the same commands with the
 * same timestamps always give the same state (see {@link dev.settle.ledger.StateDigest}).
 *
 * <p>The semantics follow TigerBeetle's accounts and transfers: 128-bit ids and balances,
 * linked chains, two-phase (pending) transfers with post, void and expiry, balancing and closing
 * transfers, and one result code per event. The deviations are listed in {@code docs/ledger.md}.
 *
 * <p>Entry point: {@link dev.settle.ledger.LedgerEngine}. It is single-threaded by design: one
 * writer thread owns an engine (see the server's {@code pod} package).
 */
package dev.settle.ledger;
