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
 * <h2>Map of the engine</h2>
 * <pre>
 *  public surface (what the server sees)          internal (package-private)
 *  ------------------------------------------     ------------------------------------------------
 *  LedgerEngine   beginBatch / create* / endBatch  ChainRunner        linked chains: all or nothing
 *    inputs:  AccountBatch, TransferBatch,          AccountCreation    create_account checks
 *             NewAccount, NewTransfer,              TransferCreation   create_transfer checks, balances
 *             NewTransaction, TransactionEntry      PendingResolution  post / void of a pending transfer
 *    outputs: AccountResults, TransferResults,      PendingExpiry      expiry at the start of a batch
 *             TransactionOutcome, and the result    TransactionCreation  multi-leg entry sets -> legs
 *             codes Create{Account,Transfer,        TransferExistence  "exists" vs "exists_with_different_*"
 *             Transaction}Result                    AccountTable       accounts as parallel arrays
 *  BatchChanges   what one batch changed, through   PendingTable       open pending transfers
 *                 read-only views (Accounts,        ExpiryQueue        pending transfers by deadline
 *                 Transfers, ClosedPendings,        Generation         what a batch created, until durable
 *                 FailedIds, History)               TransferLog, ClosedPendingLog, FailedIdLog,
 *  CommittedLookup  the store, as the engine          HistoryLog       a batch's output tables
 *                 asks it for older ids             UndoLog            rollback of a failed chain
 *  values: UInt128, AccountRecord, TransferRecord,  IdMap, TransferIdFilter, MetadataDigest
 *          TransactionRecord, Balances, Known*Id                       unboxed maps, Bloom filter, digests
 *  rules:  AccountFlags, TransferFlags, TransferStatus, Currency, LedgerLimits, TransactionLegs
 *  checks: Invariants (always on), StateDigest (determinism)
 * </pre>
 *
 * <p>A batch, on the one thread that owns the engine: {@code beginBatch(time, lookup)} expires
 * what is due, each {@code create*} call appends one result per event (a client's mistake is a
 * result code, never an exception), {@code endBatch()} hands back the {@link
 * dev.settle.ledger.BatchChanges} for the store to write in one atomic batch, and
 * {@code releaseThrough(sequence)} forgets what the store now holds. A broken invariant is an
 * {@link dev.settle.ledger.Invariants.InvariantViolation}: it stops the writer, and the state is
 * reloaded from durable storage.
 *
 * <p>Entry point: {@link dev.settle.ledger.LedgerEngine}. It is single-threaded by design: one
 * writer thread owns an engine (see the server's {@code pod} package).
 */
package dev.settle.ledger;
