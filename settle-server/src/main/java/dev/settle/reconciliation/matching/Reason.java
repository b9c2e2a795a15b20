package dev.settle.reconciliation.matching;

import java.util.Locale;

/** Why a statement line stayed unmatched (the exceptions queue's reasons), strongest last. */
public enum Reason {
    /** Nothing on the ledger looks like it. */
    NO_CANDIDATE,
    /** Several transfers fit it equally well: a person decides. */
    AMBIGUOUS,
    /** Its reference names a transfer whose amount differs beyond the rule's tolerance. */
    AMOUNT_MISMATCH,
    /** What it would match is already matched by an identical line: the bank showed the money twice. */
    DUPLICATE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stronger of two reasons (a duplicate explains more than a mismatch, and so on). */
    static Reason stronger(Reason a, Reason b) {
        return a == null ? b : b == null ? a : a.ordinal() >= b.ordinal() ? a : b;
    }
}
