package dev.settle.reconciliation.matching;

import java.util.Locale;

/**
 * One matching rule of a tenant, as data (docs/reconciliation.md): how a statement line finds
 * what it settles. Rules run in their order; the first that matches a line decides it.
 *
 * @param type what the rule compares
 * @param metadataKey the transfer metadata key that holds a reference ({@code reference}) or a
 *        group id ({@code group}); a transfer's own id always counts as a reference too
 * @param dateWindowDays how far a line's date may be from the transfer's (amount_date)
 * @param amountTolerance how far amounts may differ, in minor units (fees netted by a bank or processor)
 */
public record MatchRule(Type type, String metadataKey, int dateWindowDays, long amountTolerance) {
    public static final int DATE_WINDOW_DAYS_MAX = 31;
    public static final long AMOUNT_TOLERANCE_MAX = 1_000_000_000L;
    public static final String METADATA_KEY_DEFAULT = "reference";
    public static final String GROUP_KEY_DEFAULT = "payout_id";
    public static final int DATE_WINDOW_DAYS_DEFAULT = 3;

    public enum Type {
        /** The line's reference names one transfer: its id or its metadata value; amounts must agree. */
        REFERENCE,
        /** Same amount (within tolerance), dates within the window; one best candidate only. */
        AMOUNT_DATE,
        /**
         * Lines sharing a reference settle the transfers that carry it as their group id (a payout of
         * many charges net of refunds and fees, or one transfer paid in several lines): the sums must agree.
         */
        GROUP;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromApiName(String name) {
            for (Type t : values()) {
                if (t.apiName().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    public MatchRule {
        if (dateWindowDays < 0 || dateWindowDays > DATE_WINDOW_DAYS_MAX) {
            throw new IllegalArgumentException("date window of 0 to " + DATE_WINDOW_DAYS_MAX + " days");
        }
        if (amountTolerance < 0 || amountTolerance > AMOUNT_TOLERANCE_MAX) {
            throw new IllegalArgumentException("amount tolerance of 0 to " + AMOUNT_TOLERANCE_MAX);
        }
        if (metadataKey == null || metadataKey.isEmpty()) {
            throw new IllegalArgumentException("a metadata key");
        }
    }

    /** The rules a tenant that declared none gets: reference, then amount and date, then groups. */
    public static java.util.List<MatchRule> defaults() {
        return java.util.List.of(
                new MatchRule(Type.REFERENCE, METADATA_KEY_DEFAULT, DATE_WINDOW_DAYS_DEFAULT, 0),
                new MatchRule(Type.AMOUNT_DATE, METADATA_KEY_DEFAULT, DATE_WINDOW_DAYS_DEFAULT, 0),
                new MatchRule(Type.GROUP, GROUP_KEY_DEFAULT, DATE_WINDOW_DAYS_DEFAULT, 0));
    }
}
