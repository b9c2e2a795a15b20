package dev.settle.api.reconciliation;

import dev.settle.api.http.Views;
import dev.settle.common.Ids;
import dev.settle.reconciliation.ExpectedPayment;
import dev.settle.reconciliation.LineRef;
import dev.settle.reconciliation.Run;
import dev.settle.reconciliation.Statement;
import dev.settle.reconciliation.StoredLine;
import dev.settle.reconciliation.StoredRule;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reconciliation's objects as the API shows them (docs/reconciliation.md). */
public final class ReconciliationViews {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private ReconciliationViews() {}

    public static Map<String, Object> statement(Statement s, Run run) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Statement.IDS.format(s.id()));
        v.put("object", "reconciliation_statement");
        v.put("account_id", Ids.format(s.account()));
        v.put("currency", s.currency());
        v.put("format", s.format());
        v.put("status", lower(s.status()));
        v.put("line_count", s.lines());
        v.put("first_date", s.lines() == 0 ? null : LocalDate.ofEpochDay(s.firstDay()).toString());
        v.put("last_date", s.lines() == 0 ? null : LocalDate.ofEpochDay(s.lastDay()).toString());
        v.put("sha256", HexFormat.of().formatHex(s.sha256()));
        v.put("created", created(s.createdMillis()));
        v.put("run", run == null ? Run.IDS.format(s.run()) : run(run));
        return v;
    }

    public static Map<String, Object> line(StoredLine l, String currency) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", l.ref().apiId());
        v.put("object", "reconciliation_line");
        v.put("statement", Statement.IDS.format(l.ref().statement()));
        v.put("line_number", l.fileLine());
        v.put("date", LocalDate.ofEpochDay(l.day()).toString());
        v.put("amount", l.amount());
        v.put("fee", l.fee());
        v.put("currency", currency);
        v.put("reference", l.reference());
        v.put("description", l.description());
        v.put("entry_id", l.entryId());
        v.put("status", lower(l.status()));
        v.put("reason", l.reason() == null ? null : l.reason().apiName());
        v.put("match", l.status() == StoredLine.Status.MATCHED ? l.head().apiId() : null);
        v.put("seen_in", l.status() == StoredLine.Status.SEEN_BEFORE ? l.head().apiId() : null);
        if (l.match() != null) {
            v.put("match_details", match(l));
        }
        v.put("raw", l.raw());
        return v;
    }

    private static Map<String, Object> match(StoredLine head) {
        StoredLine.Match m = head.match();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", head.ref().apiId());
        v.put("manual", m.rule() < 0);
        v.put("rule_index", m.rule() < 0 ? null : m.rule());
        List<String> lines = new ArrayList<>();
        lines.add(head.ref().apiId());
        for (LineRef o : m.others()) {
            lines.add(o.apiId());
        }
        v.put("line_ids", lines);
        List<String> transfers = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (StoredLine.Claimed c : m.claims()) {
            if (c.isTransfer()) {
                transfers.add(Ids.format(c.id()));
            } else {
                expected.add(ExpectedPayment.IDS.format(c.id()));
            }
        }
        v.put("transfer_ids", transfers);
        v.put("expected_payment_ids", expected);
        v.put("difference", m.difference());
        v.put("decided_by", m.decidedBy());
        v.put("note", m.note());
        v.put("decided_at", m.rule() < 0 ? created(m.decidedAtMillis()) : null);
        return v;
    }

    public static Map<String, Object> run(Run r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", Run.IDS.format(r.id()));
        v.put("object", "reconciliation_run");
        v.put("account_id", Ids.format(r.account()));
        v.put("statement", r.statement() == null ? null : Statement.IDS.format(r.statement()));
        v.put("status", lower(r.status()));
        v.put("lines", r.lines());
        v.put("matched", r.matched());
        v.put("unmatched", r.unmatched());
        v.put("seen_before", r.linesSeenBefore());
        v.put("transfers_missing", r.transfersMissing());
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (Reason reason : Reason.values()) {
            reasons.put(reason.apiName(), reason.ordinal() < r.unmatchedByReason().length
                    ? r.unmatchedByReason()[reason.ordinal()] : 0);
        }
        v.put("unmatched_by_reason", reasons);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("currency", r.currency());
        totals.put("matched", Map.of("credits", r.matchedCredits(), "debits", r.matchedDebits()));
        totals.put("unmatched", Map.of("credits", r.unmatchedCredits(), "debits", r.unmatchedDebits()));
        v.put("totals", List.of(totals));
        v.put("started", created(r.startedMillis()));
        v.put("duration_ms", r.durationMillis());
        return v;
    }

    public static Map<String, Object> expectedPayment(ExpectedPayment e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", ExpectedPayment.IDS.format(e.id()));
        v.put("object", "expected_payment");
        v.put("account_id", Ids.format(e.account()));
        v.put("currency", e.currency());
        v.put("direction", e.direction().apiName());
        v.put("amount_lower_bound", e.amountMin());
        v.put("amount_upper_bound", e.amountMax());
        v.put("date_lower_bound", LocalDate.ofEpochDay(e.dayFrom()).toString());
        v.put("date_upper_bound", LocalDate.ofEpochDay(e.dayTo()).toString());
        v.put("counterparty", e.counterparty());
        v.put("reference", e.reference());
        v.put("description", e.description());
        v.put("status", e.isOpen() ? "open" : "matched");
        v.put("matched_line", e.isOpen() ? null : e.matchedBy().apiId());
        v.put("created", created(e.createdMillis()));
        return v;
    }

    public static Map<String, Object> rule(StoredRule stored) {
        MatchRule r = stored.rule();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", stored.id() == null ? null : StoredRule.IDS.format(stored.id()));
        v.put("object", "reconciliation_rule");
        v.put("type", r.type().apiName());
        v.put("metadata_key", r.metadataKey());
        v.put("date_window_days", r.dateWindowDays());
        v.put("amount_tolerance", r.amountTolerance());
        v.put("created", stored.createdMillis() == 0 ? null : created(stored.createdMillis()));
        return v;
    }

    static String created(long millis) {
        return Views.created(millis * NANOS_PER_MILLI);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
