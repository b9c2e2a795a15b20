package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliation over HTTP: statements imported and matched, the exceptions queue, a person's decisions, refusals. */
class ReconciliationApiTest {
    private static final String CSV_MAPPING = "&mapping%5Bdate%5D=date&mapping%5Bamount%5D=amount"
            + "&mapping%5Breference%5D=reference&mapping%5Bdescription%5D=description";

    @TempDir
    Path dir;

    private TestServer server;
    private String key;
    private String bank;
    private String customers;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        key = server.newTenant("recon");
        bank = server.account(key, "USD");
        customers = server.account(key, "USD");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStatementIsMatchedItsExceptionsQueuedAndAPersonDecides() {
        String byId = transfer(bank, customers, 10_000, null);
        transfer(bank, customers, 5_000, "inv-2");
        String unseen = transfer(customers, bank, 3_000, null);
        String day = dayOf(byId);
        String csv = "date,amount,reference,description\r\n"
                + day + ",100.00," + byId + ",\"Transfer, by id\"\r\n"
                + day + ",50.00,inv-2,invoice 2\r\n"
                + day + ",12.34,,\"a fee, unknown\"\r\n"
                + day + ",100.00," + byId + ",\"Transfer, by id\"\r\n";
        TestServer.Answer imported = upload("csv", csv, CSV_MAPPING);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.field("object")).isEqualTo("reconciliation_statement");
        assertThat(imported.field("status")).isEqualTo("completed");
        assertThat(imported.field("line_count")).isEqualTo(4L);
        Map<String, Object> run = map(imported.json().get("run"));
        assertThat(run).containsEntry("lines", 4L).containsEntry("matched", 2L).containsEntry("unmatched", 2L);
        assertThat(map(run.get("unmatched_by_reason"))).containsEntry("no_candidate", 1L).containsEntry("duplicate", 1L);
        assertThat(server.get("/v1/reconciliation/runs/" + run.get("id"), key).json()).containsEntry("matched", 2L);

        String statement = (String) imported.field("id");
        List<Map<String, Object>> lines = server.get("/v1/reconciliation/statements/" + statement + "/lines", key)
                .data();
        assertThat(lines).extracting(l -> l.get("status")).containsExactly("matched", "matched", "unmatched",
                "unmatched");
        assertThat(lines.get(0).get("raw")).isEqualTo(day + ",100.00," + byId + ",\"Transfer, by id\"");
        assertThat(map(lines.get(0).get("match_details")).get("transfer_ids")).isEqualTo(List.of(byId));

        List<Map<String, Object>> exceptions = server.get("/v1/reconciliation/exceptions", key).data();
        assertThat(exceptions).extracting(l -> l.get("reason")).containsExactly("no_candidate", "duplicate");

        // A person matches the unknown fee line to the transfer the bank showed differently, and undoes it.
        String feeLine = (String) exceptions.get(0).get("id");
        TestServer.Answer matched = server.post("/v1/reconciliation/matches", key, "{\"line_ids\":[\"" + feeLine
                + "\"],\"transfer_ids\":[\"" + unseen + "\"],\"decided_by\":\"ana@finance\",\"note\":\"bank fee\"}",
                "Idempotency-Key", "match-1");
        assertThat(matched.status()).as(matched.body()).isEqualTo(201);
        assertThat(map(matched.json().get("match_details"))).containsEntry("manual", true)
                .containsEntry("decided_by", "ana@finance").containsEntry("difference", 1_234L + 3_000L);
        assertThat(server.post("/v1/reconciliation/matches", key, "{\"line_ids\":[\"" + feeLine
                + "\"],\"transfer_ids\":[\"" + unseen + "\"],\"decided_by\":\"ana@finance\",\"note\":\"bank fee\"}",
                "Idempotency-Key", "match-1").header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(server.get("/v1/reconciliation/exceptions", key).data()).hasSize(1);
        TestServer.Answer undone = server.post("/v1/reconciliation/matches/" + feeLine + "/unmatch", key,
                "{\"decided_by\":\"ana@finance\",\"note\":\"wrong transfer\"}");
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(undone.field("status")).isEqualTo("unmatched");
        assertThat(server.get("/v1/reconciliation/exceptions", key).data()).hasSize(2);

        // The same file again is a duplicate; an overlapping statement does not count a line twice.
        TestServer.Answer again = upload("csv", csv, CSV_MAPPING);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("error.code")).isEqualTo("statement_duplicate");
        String next = transfer(bank, customers, 7_700, null);
        TestServer.Answer overlapping = upload("csv", "date,amount,reference,description\n"
                + day + ",100.00," + byId + ",\"Transfer, by id\"\n" + dayOf(next) + ",77.00," + next + ",next\n",
                CSV_MAPPING);
        assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(201);
        assertThat(map(overlapping.json().get("run"))).containsEntry("seen_before", 1L).containsEntry("matched", 1L)
                .containsEntry("unmatched", 0L);

        List<Object> types = server.get("/v1/events?limit=100", key).data().stream().map(e -> e.get("type"))
                .map(Object.class::cast).toList();
        assertThat(types).contains("reconciliation.exception_created", "reconciliation.run_completed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCamtStatementMatchesByEndToEndIdAndAPayoutSettlesItsGroup() {
        String paid = transfer(bank, customers, 250_00, null);
        String c1 = transfer(customers, bank, 40_00, Map.of("payout_id", "po_77"));
        String c2 = transfer(customers, bank, 60_00, Map.of("payout_id", "po_77"));
        String day = dayOf(paid);
        String camt = Camt053Samples.statement("USD", List.of(
                Camt053Samples.entry("250.00", "CRDT", day, paid),
                Camt053Samples.entry("100.00", "DBIT", day, "po_77")));
        TestServer.Answer imported = upload("camt053", camt, "");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(map(imported.json().get("run"))).containsEntry("matched", 2L).containsEntry("unmatched", 0L);
        List<Map<String, Object>> lines = server.get("/v1/reconciliation/statements/" + imported.field("id")
                + "/lines", key).data();
        assertThat((List<Object>) map(lines.get(1).get("match_details")).get("transfer_ids"))
                .containsExactlyInAnyOrder(c1, c2);
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndNothingIsImported() {
        String t = transfer(bank, customers, 1_000, null);
        String day = dayOf(t);
        TestServer.Answer badAmount = upload("csv", "date,amount,reference,description\n" + day + ",10.00,a,b\n"
                + day + ",ten,b,c\n", CSV_MAPPING);
        assertThat(badAmount.status()).isEqualTo(400);
        assertThat(badAmount.field("error.code")).isEqualTo("amount_invalid");
        assertThat(badAmount.field("error.line")).isEqualTo(3L);
        TestServer.Answer missingColumn = upload("csv", "date,amount\n" + day + ",1.00\n", CSV_MAPPING);
        assertThat(missingColumn.field("error.code")).isEqualTo("column_missing");
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&lol2;</Document>";
        TestServer.Answer refusedBomb = upload("camt053", bomb, "");
        assertThat(refusedBomb.status()).isEqualTo(400);
        assertThat(refusedBomb.field("error.code")).isEqualTo("statement_malformed");
        TestServer.Answer malformed = upload("camt053", "<Document><Stmt>", "");
        assertThat(malformed.status()).isEqualTo(400);
        TestServer.Answer otherCurrency = upload("csv", "date,amount,currency\n" + day + ",1.00,EUR\n",
                "&mapping%5Bdate%5D=date&mapping%5Bamount%5D=amount&mapping%5Bcurrency%5D=currency");
        assertThat(otherCurrency.field("error.code")).isEqualTo("currency_mismatch");
        String otherTenant = server.newTenant("other");
        String theirs = server.account(otherTenant, "USD");
        TestServer.Answer notYours = server.send("POST", "/v1/reconciliation/statements?format=csv&account_id="
                + theirs + CSV_MAPPING, key, "date,amount\n".getBytes(StandardCharsets.UTF_8), "Content-Type",
                "text/csv");
        assertThat(notYours.status()).isEqualTo(404);
        assertThat(upload("xls", "x", "").field("error.code")).isEqualTo("parameter_invalid");
        assertThat(server.get("/v1/reconciliation/statements", key).data()).as("nothing imported").isEmpty();
        assertThat(server.get("/v1/reconciliation/exceptions", key).data()).isEmpty();
    }

    @Test
    void aLaterRunMatchesOpenLinesWithTransfersMadeSince() {
        String day = dayOf(transfer(bank, customers, 1, null));
        TestServer.Answer imported = upload("csv", "date,amount,reference,description\n" + day
                + ",42.00,late-1,paid before it was booked\n", CSV_MAPPING);
        assertThat(map(imported.json().get("run"))).containsEntry("unmatched", 1L);
        transfer(bank, customers, 4_200, "late-1");
        TestServer.Answer run = server.post("/v1/reconciliation/runs", key, "{\"account_id\":\"" + bank + "\"}");
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.json()).containsEntry("matched", 1L).containsEntry("unmatched", 0L)
                .containsEntry("statement", null);
        assertThat(server.get("/v1/reconciliation/exceptions", key).data()).isEmpty();
        assertThat(server.post("/v1/reconciliation/runs", key, "{\"account_id\":\"" + bank + "\"}").json())
                .containsEntry("lines", 0L);
    }

    @Test
    void expectedPaymentsAndRulesAreDeclaredAsData() {
        TestServer.Answer rules = server.get("/v1/reconciliation/rules", key);
        assertThat(rules.field("defaults")).isEqualTo(true);
        assertThat(rules.data()).extracting(r -> r.get("type")).containsExactly("reference", "amount_date", "group");
        TestServer.Answer rule = server.post("/v1/reconciliation/rules", key,
                "{\"type\":\"amount_date\",\"date_window_days\":5,\"amount_tolerance\":10}");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(server.get("/v1/reconciliation/rules", key).data()).hasSize(1);
        assertThat(server.post("/v1/reconciliation/rules", key, "{\"type\":\"fuzzy\"}").status()).isEqualTo(400);

        String day = dayOf(transfer(bank, customers, 1, null));
        TestServer.Answer expected = server.post("/v1/expected_payments", key, "{\"account_id\":\"" + bank
                + "\",\"direction\":\"credit\",\"amount_lower_bound\":9000,\"amount_upper_bound\":9100,"
                + "\"date_lower_bound\":\"" + day + "\",\"date_upper_bound\":\"" + day + "\",\"counterparty\":"
                + "\"ACME\",\"reference\":\"order-9\"}");
        assertThat(expected.status()).as(expected.body()).isEqualTo(201);
        assertThat(expected.field("status")).isEqualTo("open");
        TestServer.Answer imported = upload("csv", "date,amount,reference,description\n" + day + ",90.50,,ACME\n",
                CSV_MAPPING);
        assertThat(map(imported.json().get("run"))).containsEntry("matched", 1L);
        assertThat(server.get("/v1/expected_payments/" + expected.field("id"), key).field("status"))
                .isEqualTo("matched");
    }

    private TestServer.Answer upload(String format, String body, String mapping) {
        return server.send("POST", "/v1/reconciliation/statements?format=" + format + "&account_id=" + bank + mapping,
                key, body.getBytes(StandardCharsets.UTF_8), "Content-Type", format.equals("csv") ? "text/csv"
                        : "application/xml");
    }

    private String transfer(String debit, String credit, long amount, Object metadata) {
        String meta = metadata == null ? "" : metadata instanceof String ref ? ",\"metadata\":{\"reference\":\"" + ref
                + "\"}" : ",\"metadata\":{\"payout_id\":\"" + ((Map<?, ?>) metadata).get("payout_id") + "\"}";
        TestServer.Answer a = server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + debit
                + "\",\"credit_account_id\":\"" + credit + "\",\"amount\":" + amount + ",\"code\":1" + meta + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return (String) a.field("id");
    }

    private String dayOf(String transfer) {
        return ((String) server.get("/v1/transfers/" + transfer, key).field("created")).substring(0, 10);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
