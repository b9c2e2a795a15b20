package dev.settle.reconciliation;

import dev.settle.common.PrefixedIds;
import dev.settle.ledger.UInt128;

/**
 * One matching run: a statement's import, or a new pass over an account's open lines. Counts
 * and sums (minor units of the account's currency; credits and debits as positive sums).
 *
 * @param statement the statement it imported, or null for a pass over open lines
 * @param linesSeenBefore lines already imported from an earlier statement, neither matched nor counted again
 * @param transfersMissing ledger transfers in the statement's period that no line showed within the overdue days
 */
public record Run(UInt128 id, UInt128 account, UInt128 statement, String currency, Status status, int lines,
        int matched, int unmatched, int linesSeenBefore, int transfersMissing, long matchedCredits,
        long matchedDebits, long unmatchedCredits, long unmatchedDebits, int[] unmatchedByReason, long startedMillis,
        long durationMillis) {
    public static final PrefixedIds IDS = new PrefixedIds("rrun_");

    public enum Status { RUNNING, COMPLETED }

    byte[] encode() {
        Fields.Out out = new Fields.Out(160).id(id).id(account).b(statement == null ? 0 : 1);
        if (statement != null) {
            out.id(statement);
        }
        out.s(currency).b(status.ordinal()).i(lines).i(matched).i(unmatched).i(linesSeenBefore).i(transfersMissing)
                .l(matchedCredits).l(matchedDebits).l(unmatchedCredits).l(unmatchedDebits).i(unmatchedByReason.length);
        for (int n : unmatchedByReason) {
            out.i(n);
        }
        return out.l(startedMillis).l(durationMillis).bytes();
    }

    static Run decode(byte[] v) {
        Fields.In in = new Fields.In(v);
        UInt128 id = in.id();
        UInt128 account = in.id();
        UInt128 statement = in.b() == 0 ? null : in.id();
        String currency = in.s();
        Status status = Status.values()[in.b()];
        int lines = in.i();
        int matched = in.i();
        int unmatched = in.i();
        int seen = in.i();
        int missing = in.i();
        long mc = in.l();
        long md = in.l();
        long uc = in.l();
        long ud = in.l();
        int[] byReason = new int[in.i()];
        for (int k = 0; k < byReason.length; k++) {
            byReason[k] = in.i();
        }
        Run r = new Run(id, account, statement, currency, status, lines, matched, unmatched, seen, missing, mc, md, uc,
                ud, byReason, in.l(), in.l());
        in.end();
        return r;
    }
}
