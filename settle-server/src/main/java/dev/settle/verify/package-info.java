/**
 * Offline verification of a data directory ({@code settle verify}): recomputes every account's
 * balances from its transfers and checks every invariant of the ledger, streaming through the
 * store with memory proportional to accounts and open pending transfers, not to transfers.
 */
package dev.settle.verify;
