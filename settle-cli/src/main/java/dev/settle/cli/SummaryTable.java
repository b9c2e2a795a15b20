package dev.settle.cli;

import java.util.List;
import java.util.Map;

/** A reconciliation run's summary as a fixed-width table for people. */
final class SummaryTable {
    private static final String ROW = "%-24s %16s%n";

    private SummaryTable() {}

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> statement, Map<String, Object> run) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("statement %s  run %s%n", statement.get("id"), run.get("id")));
        row(t, "lines", run.get("lines"));
        row(t, "matched", run.get("matched"));
        row(t, "unmatched", run.get("unmatched"));
        ((Map<String, Object>) run.get("unmatched_by_reason")).forEach((reason, n) -> row(t, "  " + reason, n));
        row(t, "seen before", run.get("seen_before"));
        row(t, "transfers missing", run.get("transfers_missing"));
        for (Object o : (List<Object>) run.get("totals")) {
            Map<String, Object> totals = (Map<String, Object>) o;
            Map<String, Object> matched = (Map<String, Object>) totals.get("matched");
            Map<String, Object> unmatched = (Map<String, Object>) totals.get("unmatched");
            String currency = (String) totals.get("currency");
            row(t, "matched in (" + currency + ")", matched.get("credits"));
            row(t, "matched out (" + currency + ")", matched.get("debits"));
            row(t, "unmatched in (" + currency + ")", unmatched.get("credits"));
            row(t, "unmatched out (" + currency + ")", unmatched.get("debits"));
        }
        row(t, "time (ms)", run.get("duration_ms"));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, Object value) {
        t.append(String.format(ROW, name, value));
    }
}
