package dev.settle.api.reconciliation;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.api.json.Params;
import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.ExpectedPayment;
import dev.settle.reconciliation.LineRef;
import dev.settle.reconciliation.OpenLinesRun;
import dev.settle.reconciliation.ReconReads;
import dev.settle.reconciliation.Reconciliation;
import dev.settle.reconciliation.ReconciliationException;
import dev.settle.reconciliation.Run;
import dev.settle.reconciliation.Statement;
import dev.settle.reconciliation.StatementImport;
import dev.settle.reconciliation.StoredLine;
import dev.settle.reconciliation.StoredRule;
import dev.settle.reconciliation.matching.MatchRule;
import dev.settle.reconciliation.matching.Matcher;
import dev.settle.reconciliation.matching.Reason;
import dev.settle.reconciliation.statement.StatementFormat;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /v1/reconciliation/…} and {@code /v1/expected_payments}: statement imports (streamed),
 * their lines, the exceptions queue, runs, rules, expected payments and a person's matches
 * (docs/reconciliation.md).
 */
public final class ReconciliationResource {
    /** A statement file may be this large. */
    public static final long STATEMENT_BYTES_MAX = 1L << 30;
    public static final int REFERENCE_CHARS_MAX = 140;
    public static final int TEXT_CHARS_MAX = 500;
    /** The largest amount an expected payment may name, in minor units. */
    public static final long AMOUNT_MAX = 1_000_000_000_000_000L;
    private static final Set<String> IMPORT_PARAMS = Set.of("account_id", "format", "transfers_overdue_days");

    private final StatementImport imports;
    private final OpenLinesRun openLines;
    private final Reconciliation reconciliation;
    private final ReconReads reads;
    private final LedgerStore store;

    public ReconciliationResource(StatementImport imports, OpenLinesRun openLines, Reconciliation reconciliation,
            LedgerStore store) {
        this.imports = imports;
        this.openLines = openLines;
        this.reconciliation = reconciliation;
        this.reads = reconciliation.reads();
        this.store = store;
    }

    // ---- Statements ----

    public ApiResponse importStatement(ApiRequest request) {
        return refusals(() -> {
            int ledger = request.tenant().ledger();
            List<String> names = new ArrayList<>(request.queryNames());
            names.removeAll(IMPORT_PARAMS);
            names.removeIf(StatementParsers::isMappingParam);
            if (!names.isEmpty()) {
                throw ApiException.unknown(names.get(0));
            }
            UInt128 account = requiredUuid(request.query("account_id"), "account_id");
            String formatName = request.query("format");
            if (formatName == null) {
                throw ApiException.missing("format");
            }
            StatementFormat format = StatementFormat.fromApiName(formatName);
            if (format == null) {
                throw ApiException.badValue("format", "must be one of camt053, csv, settlement_report");
            }
            int overdueDays = intParam(request.query("transfers_overdue_days"), "transfers_overdue_days", 0,
                    StatementImport.OVERDUE_DAYS_MAX, StatementImport.OVERDUE_DAYS_DEFAULT);
            String currency = reconciliation.currencyOf(ledger, account, "account_id");
            var parser = StatementParsers.of(format, request, currency);
            try (InputStream body = request.bodyStream()) {
                Run run = imports.run(new StatementImport.Request(ledger, account, currency, format.apiName(), parser,
                        overdueDays), body);
                Statement statement = reads.statement(ledger, run.statement());
                return request.json(201, ReconciliationViews.statement(statement, run));
            } catch (IOException | UncheckedIOException e) {
                throw unreadable(e);
            }
        });
    }

    /** Why a statement's body could not be read: too large, too slow, or cut short. */
    private static ApiException unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.settle.api.guard.BodyTooLargeException) {
                return new ApiException(413, ErrorType.INVALID_REQUEST, "body_too_large",
                        "the statement is larger than " + STATEMENT_BYTES_MAX + " bytes", null);
            }
            if (cause instanceof dev.settle.api.guard.BodyTimeoutException) {
                return new ApiException(408, ErrorType.INVALID_REQUEST, "body_timeout",
                        "the statement did not arrive in time", null);
            }
        }
        return ApiException.invalid("body_unreadable", "the statement could not be read completely", null);
    }

    public ApiResponse getStatement(ApiRequest request) {
        request.onlyQuery(Set.of());
        int ledger = request.tenant().ledger();
        Statement s = statementOr404(ledger, request.pathParam("id"));
        Run run = reads.run(ledger, s.run());
        return request.json(200, ReconciliationViews.statement(s, run));
    }

    public ApiResponse listStatements(ApiRequest request) {
        Pagination page = forwardOnly(Pagination.of(request, Set.of("account_id")));
        int ledger = request.tenant().ledger();
        UInt128 account = request.query("account_id") == null ? null : requiredUuid(request.query("account_id"),
                "account_id");
        UInt128 after = page.startingAfter() == null ? null : cursorId(Statement.IDS.parseOrNull(page.startingAfter()));
        ReconReads.Page<Statement> found = reads.statements(ledger, after, page.limit(),
                s -> account == null || s.account().equals(account));
        List<Object> data = new ArrayList<>();
        for (Statement s : found.items()) {
            data.add(ReconciliationViews.statement(s, null));
        }
        return request.json(200, Views.list(data, found.hasMore()));
    }

    public ApiResponse listLines(ApiRequest request) {
        Pagination page = forwardOnly(Pagination.of(request, Set.of("status")));
        int ledger = request.tenant().ledger();
        Statement s = statementOr404(ledger, request.pathParam("id"));
        StoredLine.Status status = statusParam(request.query("status"));
        ReconReads.Page<StoredLine> found = reads.lines(ledger, s.id(), lineCursor(page), page.limit(),
                l -> status == null || l.status() == status);
        return request.json(200, lines(found, s.currency()));
    }

    /** The exceptions queue: unmatched lines, or (type=transfer_missing) transfers no statement showed. */
    public ApiResponse listExceptions(ApiRequest request) {
        Pagination page = forwardOnly(Pagination.of(request, Set.of("account_id", "reason", "type")));
        int ledger = request.tenant().ledger();
        String type = request.query("type") == null ? "line" : request.query("type");
        UInt128 account = request.query("account_id") == null ? null : requiredUuid(request.query("account_id"),
                "account_id");
        if (type.equals("transfer_missing")) {
            if (request.query("reason") != null) {
                throw ApiException.invalid("parameter_invalid", "reason is for type=line", "reason");
            }
            long after = page.startingAfter() == null ? 0 : missingCursor(ledger, page.startingAfter());
            ReconReads.Page<long[]> found = reads.missingTransfers(ledger, after, page.limit(), ts -> {
                var t = StoreReader.transferAt(store, ledger, ts);
                return account == null || t.debitAccountId().equals(account) || t.creditAccountId().equals(account);
            });
            List<Object> data = new ArrayList<>();
            for (long[] ts : found.items()) {
                data.add(Views.transfer(StoreReader.transferAt(store, ledger, ts[0]), null));
            }
            return request.json(200, Views.list(data, found.hasMore()));
        }
        if (!type.equals("line")) {
            throw ApiException.badValue("type", "must be line or transfer_missing");
        }
        Reason reason = reasonParam(request.query("reason"));
        java.util.Map<UInt128, Statement> statements = new java.util.HashMap<>();
        ReconReads.Page<StoredLine> found = reads.exceptions(ledger, lineCursor(page), page.limit(), l -> {
            Statement s = statements.computeIfAbsent(l.ref().statement(), id -> reads.statement(ledger, id));
            return (account == null || s.account().equals(account)) && (reason == null || l.reason() == reason);
        });
        List<Object> data = new ArrayList<>();
        for (StoredLine l : found.items()) {
            data.add(ReconciliationViews.line(l, statements.get(l.ref().statement()).currency()));
        }
        return request.json(200, Views.list(data, found.hasMore()));
    }

    /** Matches an account's open lines again (transfers made since their statement may settle them). */
    public ApiResponse createRun(ApiRequest request) {
        return refusals(() -> {
            Params p = Params.of(request.jsonObject()).allowOnly("account_id");
            UInt128 account = p.requireUuid("account_id");
            p.finish();
            int ledger = request.tenant().ledger();
            String currency = reconciliation.currencyOf(ledger, account, "account_id");
            return request.json(201, ReconciliationViews.run(openLines.run(ledger, account, currency)));
        });
    }

    public ApiResponse getRun(ApiRequest request) {
        request.onlyQuery(Set.of());
        UInt128 id = Run.IDS.parseOrNull(request.pathParam("id"));
        Run run = id == null ? null : reads.run(request.tenant().ledger(), id);
        if (run == null) {
            throw ApiException.notFound("reconciliation run", "id");
        }
        return request.json(200, ReconciliationViews.run(run));
    }

    // ---- Rules ----

    public ApiResponse listRules(ApiRequest request) {
        request.onlyQuery(Set.of());
        int ledger = request.tenant().ledger();
        List<StoredRule> stored = reads.storedRules(ledger);
        List<Object> data = new ArrayList<>();
        if (stored.isEmpty()) {
            for (MatchRule r : MatchRule.defaults()) {
                data.add(ReconciliationViews.rule(new StoredRule(null, r, 0)));
            }
        } else {
            for (StoredRule r : stored) {
                data.add(ReconciliationViews.rule(r));
            }
        }
        Map<String, Object> list = Views.list(data, false);
        list.put("defaults", stored.isEmpty());
        return request.json(200, list);
    }

    public ApiResponse createRule(ApiRequest request) {
        return refusals(() -> {
            Params p = Params.of(request.jsonObject()).allowOnly("type", "metadata_key", "date_window_days",
                    "amount_tolerance", "position");
            MatchRule.Type type = MatchRule.Type.fromApiName(p.requireString("type"));
            if (type == null) {
                throw ApiException.badValue("type", "must be one of reference, amount_date, group");
            }
            String key = p.has("metadata_key") ? p.string("metadata_key") : type == MatchRule.Type.GROUP
                    ? MatchRule.GROUP_KEY_DEFAULT : MatchRule.METADATA_KEY_DEFAULT;
            if (key.isEmpty() || key.length() > dev.settle.api.json.Metadata.KEY_CHARS_MAX) {
                throw ApiException.badValue("metadata_key", "must be 1 to "
                        + dev.settle.api.json.Metadata.KEY_CHARS_MAX + " characters");
            }
            int window = (int) p.integer("date_window_days", 0, MatchRule.DATE_WINDOW_DAYS_MAX,
                    MatchRule.DATE_WINDOW_DAYS_DEFAULT);
            long toleranceMax = type == MatchRule.Type.AMOUNT_DATE ? Matcher.AMOUNT_DATE_TOLERANCE_MAX
                    : MatchRule.AMOUNT_TOLERANCE_MAX;
            long tolerance = p.integer("amount_tolerance", 0, toleranceMax, 0);
            int position = (int) p.integer("position", 0, StoredRule.RULES_MAX, StoredRule.RULES_MAX);
            p.finish();
            var answered = reconciliation.addRule(request.tenant().ledger(), new MatchRule(type, key, window,
                    tolerance), position, r -> request.storedAnswer(request.json(201, ReconciliationViews.rule(r))));
            return answered.replayed() != null ? request.replay(answered.replayed())
                    : request.json(201, ReconciliationViews.rule(answered.value()));
        });
    }

    public ApiResponse deleteRule(ApiRequest request) {
        UInt128 id = StoredRule.IDS.parseOrNull(request.pathParam("id"));
        if (id == null || !reconciliation.deleteRule(request.tenant().ledger(), id)) {
            throw ApiException.notFound("reconciliation rule", "id");
        }
        return request.json(200, Map.of("id", request.pathParam("id"), "object", "reconciliation_rule",
                "deleted", true));
    }

    // ---- Expected payments ----

    public ApiResponse createExpectedPayment(ApiRequest request) {
        return refusals(() -> {
            Params p = Params.of(request.jsonObject()).allowOnly("account_id", "currency", "direction", "amount",
                    "amount_lower_bound", "amount_upper_bound", "date_lower_bound", "date_upper_bound",
                    "counterparty", "reference", "description");
            int ledger = request.tenant().ledger();
            UInt128 account = p.requireUuid("account_id");
            String currency = reconciliation.currencyOf(ledger, account, "account_id");
            if (p.has("currency") && !currency.equals(p.string("currency"))) {
                throw ApiException.badValue("currency", "must be the account's currency, " + currency);
            }
            String directionName = p.requireString("direction");
            ExpectedPayment.Direction direction = directionName.equals("credit") ? ExpectedPayment.Direction.CREDIT
                    : directionName.equals("debit") ? ExpectedPayment.Direction.DEBIT : null;
            if (direction == null) {
                throw ApiException.badValue("direction", "must be credit or debit");
            }
            long[] bounds = amountBounds(p);
            int from = date(p.requireString("date_lower_bound"), "date_lower_bound");
            int to = date(p.requireString("date_upper_bound"), "date_upper_bound");
            if (to < from) {
                throw ApiException.badValue("date_upper_bound", "must not be before date_lower_bound");
            }
            String counterparty = text(p, "counterparty", TEXT_CHARS_MAX);
            String reference = text(p, "reference", REFERENCE_CHARS_MAX);
            String description = text(p, "description", TEXT_CHARS_MAX);
            p.finish();
            ExpectedPayment draft = new ExpectedPayment(UInt128.ZERO, account, currency, direction, bounds[0],
                    bounds[1], from, to, counterparty, reference == null || reference.isEmpty() ? null : reference,
                    description, 0, null);
            var answered = reconciliation.expect(ledger, draft,
                    e -> request.storedAnswer(request.json(201, ReconciliationViews.expectedPayment(e))));
            return answered.replayed() != null ? request.replay(answered.replayed())
                    : request.json(201, ReconciliationViews.expectedPayment(answered.value()));
        });
    }

    public ApiResponse getExpectedPayment(ApiRequest request) {
        request.onlyQuery(Set.of());
        UInt128 id = ExpectedPayment.IDS.parseOrNull(request.pathParam("id"));
        ExpectedPayment e = id == null ? null : reads.expected(request.tenant().ledger(), id);
        if (e == null) {
            throw ApiException.notFound("expected payment", "id");
        }
        return request.json(200, ReconciliationViews.expectedPayment(e));
    }

    public ApiResponse listExpectedPayments(ApiRequest request) {
        Pagination page = forwardOnly(Pagination.of(request, Set.of("account_id", "status")));
        UInt128 account = request.query("account_id") == null ? null : requiredUuid(request.query("account_id"),
                "account_id");
        String status = request.query("status");
        if (status != null && !status.equals("open") && !status.equals("matched")) {
            throw ApiException.badValue("status", "must be open or matched");
        }
        UInt128 after = page.startingAfter() == null ? null
                : cursorId(ExpectedPayment.IDS.parseOrNull(page.startingAfter()));
        ReconReads.Page<ExpectedPayment> found = reads.expectedPayments(request.tenant().ledger(), after,
                page.limit(), e -> (account == null || e.account().equals(account))
                        && (status == null || e.isOpen() == status.equals("open")));
        List<Object> data = new ArrayList<>();
        for (ExpectedPayment e : found.items()) {
            data.add(ReconciliationViews.expectedPayment(e));
        }
        return request.json(200, Views.list(data, found.hasMore()));
    }

    // ---- A person's matches ----

    public ApiResponse createMatch(ApiRequest request) {
        return refusals(() -> {
            Params p = Params.of(request.jsonObject()).allowOnly("line_ids", "transfer_ids", "expected_payment_ids",
                    "decided_by", "note");
            List<LineRef> lines = new ArrayList<>();
            for (String id : limited(p, "line_ids", Reconciliation.MANUAL_LINES_MAX)) {
                LineRef ref = LineRef.parseOrNull(id);
                if (ref == null) {
                    throw ApiException.notFound("statement line " + id, "line_ids");
                }
                lines.add(ref);
            }
            List<UInt128> transfers = new ArrayList<>();
            for (String id : limited(p, "transfer_ids", Reconciliation.MANUAL_CLAIMS_MAX)) {
                transfers.add(requiredUuid(id, "transfer_ids"));
            }
            List<UInt128> expected = new ArrayList<>();
            for (String id : limited(p, "expected_payment_ids", Reconciliation.MANUAL_CLAIMS_MAX)) {
                UInt128 e = ExpectedPayment.IDS.parseOrNull(id);
                if (e == null) {
                    throw ApiException.notFound("expected payment " + id, "expected_payment_ids");
                }
                expected.add(e);
            }
            String decidedBy = requiredText(p, "decided_by");
            String note = requiredText(p, "note");
            p.finish();
            int ledger = request.tenant().ledger();
            var answered = reconciliation.match(ledger, lines, transfers, expected, decidedBy, note,
                    head -> request.storedAnswer(request.json(201, lineView(ledger, head))));
            return answered.replayed() != null ? request.replay(answered.replayed())
                    : request.json(201, lineView(ledger, answered.value()));
        });
    }

    public ApiResponse unmatch(ApiRequest request) {
        return refusals(() -> {
            Params p = Params.of(request.jsonObject()).allowOnly("decided_by", "note");
            String decidedBy = requiredText(p, "decided_by");
            String note = requiredText(p, "note");
            p.finish();
            LineRef head = LineRef.parseOrNull(request.pathParam("id"));
            if (head == null) {
                throw ApiException.notFound("match", "id");
            }
            int ledger = request.tenant().ledger();
            var answered = reconciliation.unmatch(ledger, head, decidedBy, note,
                    line -> request.storedAnswer(request.json(200, lineView(ledger, line))));
            return answered.replayed() != null ? request.replay(answered.replayed())
                    : request.json(200, lineView(ledger, answered.value()));
        });
    }

    // ---- Helpers ----

    private Map<String, Object> lineView(int ledger, StoredLine line) {
        return ReconciliationViews.line(line, reads.statement(ledger, line.ref().statement()).currency());
    }

    private static Map<String, Object> lines(ReconReads.Page<StoredLine> found, String currency) {
        List<Object> data = new ArrayList<>();
        for (StoredLine l : found.items()) {
            data.add(ReconciliationViews.line(l, currency));
        }
        return Views.list(data, found.hasMore());
    }

    private Statement statementOr404(int ledger, String text) {
        UInt128 id = Statement.IDS.parseOrNull(text);
        Statement s = id == null ? null : reads.statement(ledger, id);
        if (s == null) {
            throw ApiException.notFound("reconciliation statement", "id");
        }
        return s;
    }

    /** Turns reconciliation's refusals into API errors with their line. */
    private static ApiResponse refusals(Supplier<ApiResponse> action) {
        try {
            return action.get();
        } catch (ReconciliationException e) {
            ApiException api = new ApiException(e.status(), ErrorType.INVALID_REQUEST, e.code(), e.getMessage(),
                    e.param());
            throw e.lineNumber() > 0 ? api.withDetail("line", e.lineNumber()) : api;
        }
    }

    private static Pagination forwardOnly(Pagination page) {
        if (page.endingBefore() != null) {
            throw ApiException.invalid("parameter_invalid", "reconciliation lists page forward only: use "
                    + "starting_after", "ending_before");
        }
        return page;
    }

    private static LineRef lineCursor(Pagination page) {
        if (page.startingAfter() == null) {
            return null;
        }
        LineRef ref = LineRef.parseOrNull(page.startingAfter());
        if (ref == null) {
            throw Pagination.unknownCursor("starting_after");
        }
        return ref;
    }

    private long missingCursor(int ledger, String text) {
        UInt128 id = requiredUuid(text, "starting_after");
        var t = StoreReader.transfer(store, ledger, id);
        if (t == null) {
            throw Pagination.unknownCursor("starting_after");
        }
        return t.timestamp();
    }

    private static UInt128 cursorId(UInt128 id) {
        if (id == null) {
            throw Pagination.unknownCursor("starting_after");
        }
        return id;
    }

    private static UInt128 requiredUuid(String text, String param) {
        if (text == null) {
            throw ApiException.missing(param);
        }
        UInt128 id = Ids.parseOrNull(text);
        if (id == null) {
            throw ApiException.badValue(param, "must be a UUID");
        }
        return id;
    }

    private static int intParam(String text, String param, int min, int max, int absent) {
        if (text == null) {
            return absent;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max && text.equals(Integer.toString(v))) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badValue(param, "must be an integer from " + min + " to " + max);
    }

    private static StoredLine.Status statusParam(String text) {
        if (text == null) {
            return null;
        }
        for (StoredLine.Status s : StoredLine.Status.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return s;
            }
        }
        throw ApiException.badValue("status", "must be matched, unmatched or seen_before");
    }

    private static Reason reasonParam(String text) {
        if (text == null) {
            return null;
        }
        for (Reason r : Reason.values()) {
            if (r.apiName().equals(text)) {
                return r;
            }
        }
        throw ApiException.badValue("reason", "must be no_candidate, ambiguous, amount_mismatch or duplicate");
    }

    private static long[] amountBounds(Params p) {
        long amountMax = AMOUNT_MAX;
        if (p.has("amount")) {
            if (p.has("amount_lower_bound") || p.has("amount_upper_bound")) {
                throw ApiException.invalid("parameter_invalid", "give amount, or amount_lower_bound and "
                        + "amount_upper_bound, not both", "amount");
            }
            long amount = p.integer("amount", 1, amountMax, 0);
            return new long[] {amount, amount};
        }
        if (!p.has("amount_lower_bound")) {
            throw ApiException.missing("amount");
        }
        long low = p.integer("amount_lower_bound", 1, amountMax, 0);
        long high = p.integer("amount_upper_bound", low, amountMax, low);
        return new long[] {low, high};
    }

    private static int date(String text, String param) {
        try {
            return (int) LocalDate.parse(text).toEpochDay();
        } catch (DateTimeParseException e) {
            throw ApiException.badValue(param, "must be a date as YYYY-MM-DD");
        }
    }

    private static String text(Params p, String name, int charsMax) {
        String v = p.has(name) ? p.string(name) : null;
        if (v != null && v.length() > charsMax) {
            throw ApiException.badValue(name, "must be at most " + charsMax + " characters");
        }
        return v;
    }

    private static String requiredText(Params p, String name) {
        String v = text(p, name, TEXT_CHARS_MAX);
        if (v == null || v.isBlank()) {
            throw ApiException.missing(name);
        }
        return v;
    }

    private static List<String> limited(Params p, String name, int max) {
        List<String> values = p.has(name) ? p.strings(name) : List.of();
        if (values.size() > max) {
            throw ApiException.badValue(name, "must name at most " + max);
        }
        return values;
    }
}
