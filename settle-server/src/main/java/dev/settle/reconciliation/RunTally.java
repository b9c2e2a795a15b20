package dev.settle.reconciliation;

import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.Reason;

/** Counts and sums a run as its lines reach their final state. */
final class RunTally {
    int lines;
    int matched;
    int unmatched;
    int seenBefore;
    int transfersMissing;
    long matchedCredits;
    long matchedDebits;
    long unmatchedCredits;
    long unmatchedDebits;
    final int[] unmatchedByReason = new int[Reason.values().length];

    void seenBefore() {
        lines++;
        seenBefore++;
    }

    void matched(long amount) {
        lines++;
        matched++;
        if (amount >= 0) {
            matchedCredits += amount;
        } else {
            matchedDebits -= amount;
        }
    }

    void unmatched(long amount, Reason reason) {
        lines++;
        unmatched++;
        unmatchedByReason[reason.ordinal()]++;
        if (amount >= 0) {
            unmatchedCredits += amount;
        } else {
            unmatchedDebits -= amount;
        }
    }

    Run run(UInt128 id, UInt128 account, UInt128 statement, String currency, Run.Status status, long startedMillis,
            long durationMillis) {
        return new Run(id, account, statement, currency, status, lines, matched, unmatched, seenBefore,
                transfersMissing, matchedCredits, matchedDebits, unmatchedCredits, unmatchedDebits,
                unmatchedByReason.clone(), startedMillis, durationMillis);
    }
}
