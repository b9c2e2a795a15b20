package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accounts, transfers, batches and transactions over HTTP, against a real server. */
class LedgerApiTest extends ServerTestBase {

    @Test
    void createsAndReadsAccounts() {
        TestServer.Answer created = server.post("/v1/accounts", key,
                "{\"id\":\"0193a000-0000-7000-8000-00000000000A\",\"currency\":\"USD\",\"code\":7,"
                        + "\"flags\":[\"history\"],\"metadata\":{\"user\":\"42\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("object", "account")
                .containsEntry("id", "0193a000-0000-7000-8000-00000000000a").containsEntry("currency", "USD")
                .containsEntry("flags", List.of("history")).containsEntry("metadata", Map.of("user", "42"));
        assertThat(created.header("Request-Id")).startsWith("req_");
        assertThat(created.header("Settle-Version")).isEqualTo("2026-11-01");

        TestServer.Answer again = server.post("/v1/accounts", key,
                "{\"id\":\"0193a000-0000-7000-8000-00000000000a\",\"currency\":\"USD\",\"code\":7,"
                        + "\"flags\":[\"history\"],\"metadata\":{\"user\":\"42\"}}");
        assertThat(again.status()).isEqualTo(200);
        TestServer.Answer different = server.post("/v1/accounts", key,
                "{\"id\":\"0193a000-0000-7000-8000-00000000000a\",\"currency\":\"USD\",\"code\":8,"
                        + "\"flags\":[\"history\"],\"metadata\":{\"user\":\"42\"}}");
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.field("error.code")).isEqualTo("exists_with_different_code");
        assertThat(different.field("error.type")).isEqualTo("ledger_error");

        TestServer.Answer read = server.get("/v1/accounts/0193a000-0000-7000-8000-00000000000a", key);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());
        assertThat(server.get("/v1/accounts/0193a000-0000-7000-8000-00000000000b", key).status()).isEqualTo(404);
        assertThat(server.get("/v1/accounts/not-a-uuid", key).status()).isEqualTo(404);
    }

    @Test
    void listsAccountsNewestFirstWithCursorsBothWays() {
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = server.account(key, "EUR");
        }
        TestServer.Answer first = server.get("/v1/accounts?limit=2", key);
        assertThat(first.data()).extracting(a -> a.get("id")).containsExactly(ids[4], ids[3]);
        assertThat(first.field("has_more")).isEqualTo(true);
        TestServer.Answer next = server.get("/v1/accounts?limit=2&starting_after=" + ids[3], key);
        assertThat(next.data()).extracting(a -> a.get("id")).containsExactly(ids[2], ids[1]);
        TestServer.Answer last = server.get("/v1/accounts?limit=2&starting_after=" + ids[1], key);
        assertThat(last.data()).extracting(a -> a.get("id")).containsExactly(ids[0]);
        assertThat(last.field("has_more")).isEqualTo(false);
        TestServer.Answer back = server.get("/v1/accounts?limit=2&ending_before=" + ids[1], key);
        assertThat(back.data()).extracting(a -> a.get("id")).containsExactly(ids[3], ids[2]);
        assertThat(back.field("has_more")).isEqualTo(true);
        assertThat(server.get("/v1/accounts?limit=0", key).status()).isEqualTo(400);
        assertThat(server.get("/v1/accounts?limit=101", key).field("error.param")).isEqualTo("limit");
        assertThat(server.get("/v1/accounts?starting_after=0193a000-0000-7000-8000-00000000000b", key).status())
                .isEqualTo(400);
        assertThat(server.get("/v1/accounts?colour=red", key).field("error.param")).isEqualTo("colour");
    }

    @Test
    void singleTransfersFollowTheLedgerRules() {
        String a = server.account(key, "USD", "debits_must_not_exceed_credits");
        String b = server.account(key, "USD");
        String gbp = server.account(key, "GBP");
        TestServer.Answer refused = server.post("/v1/transfers", key, TestServer.transfer(a, b, 10));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("type", "ledger_error").containsEntry("code", "exceeds_credits");
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(b, a, 100)).status()).isEqualTo(201);

        String body = "{\"id\":\"0193a000-0000-7000-8000-0000000000f1\",\"debit_account_id\":\"" + a
                + "\",\"credit_account_id\":\"" + b + "\",\"amount\":\"40\",\"currency\":\"USD\",\"code\":3}";
        TestServer.Answer created = server.post("/v1/transfers", key, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("amount", 40L).containsEntry("status", "posted")
                .containsEntry("code", 3L).containsEntry("pending_id", null);
        assertThat(server.post("/v1/transfers", key, body).status()).isEqualTo(200);
        TestServer.Answer conflict = server.post("/v1/transfers", key, body.replace("\"40\"", "41"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.field("error.code")).isEqualTo("exists_with_different_amount");
        assertThat(server.get("/v1/transfers/0193a000-0000-7000-8000-0000000000f1", key).json())
                .isEqualTo(created.json());
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(a, gbp, 1)).field("error.code"))
                .isEqualTo("accounts_must_have_the_same_ledger");
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(a, b, 1).replace("}", ",\"currency\":\"GBP\"}"))
                .status()).isEqualTo(422);

        Map<String, Object> account = server.get("/v1/accounts/" + a, key).json();
        assertThat(account).containsEntry("debits_posted", 40L).containsEntry("credits_posted", 100L);
    }

    @Test
    void pendingTransfersPostAndVoid() {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        TestServer.Answer pending = server.post("/v1/transfers", key, TestServer.transfer(a, b, 500)
                .replace("}", ",\"flags\":[\"pending\"],\"timeout_seconds\":3600}"));
        assertThat(pending.status()).isEqualTo(201);
        assertThat(pending.json()).containsEntry("status", "pending").containsEntry("timeout_seconds", 3600L);
        String pendingId = (String) pending.field("id");
        assertThat(server.get("/v1/accounts/" + a, key).json()).containsEntry("debits_pending", 500L);

        TestServer.Answer post = server.post("/v1/transfers", key,
                "{\"flags\":[\"post_pending_transfer\"],\"pending_id\":\"" + pendingId + "\",\"amount\":300}");
        assertThat(post.status()).isEqualTo(201);
        assertThat(post.json()).containsEntry("amount", 300L).containsEntry("pending_id", pendingId)
                .containsEntry("debit_account_id", a);
        assertThat(server.get("/v1/transfers/" + pendingId, key).field("status")).isEqualTo("posted");
        TestServer.Answer voidAfterPost = server.post("/v1/transfers", key,
                "{\"flags\":[\"void_pending_transfer\"],\"pending_id\":\"" + pendingId + "\"}");
        assertThat(voidAfterPost.field("error.code")).isEqualTo("pending_transfer_already_posted");

        String second = (String) server.post("/v1/transfers", key, TestServer.transfer(a, b, 70)
                .replace("}", ",\"flags\":[\"pending\"]}")).field("id");
        assertThat(server.post("/v1/transfers", key,
                "{\"flags\":[\"void_pending_transfer\"],\"pending_id\":\"" + second + "\"}").status()).isEqualTo(201);
        assertThat(server.get("/v1/transfers/" + second, key).field("status")).isEqualTo("voided");
        assertThat(server.get("/v1/accounts/" + a, key).json()).containsEntry("debits_pending", 0L)
                .containsEntry("debits_posted", 300L);
        assertThat(server.post("/v1/transfers", key, "{\"flags\":[\"post_pending_transfer\"]}").field("error.param"))
                .isEqualTo("pending_id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void batchesAnswerPerItemAndApplyLinkedChainsWhole() {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        String missing = "0193a000-0000-7000-8000-0000000000ee";
        String body = "{\"transfers\":[" + TestServer.transfer(a, b, 1).replace("}", ",\"flags\":[\"linked\"]}") + ","
                + TestServer.transfer(a, missing, 2) + "," + TestServer.transfer(a, b, 4) + "]}";
        TestServer.Answer answer = server.post("/v1/transfers/batch", key, body);
        assertThat(answer.status()).isEqualTo(200);
        List<Map<String, Object>> results = (List<Map<String, Object>>) answer.json().get("results");
        assertThat(results).extracting(r -> r.get("result"))
                .containsExactly("linked_event_failed", "credit_account_not_found", "ok");
        assertThat(results).extracting(r -> r.get("index")).containsExactly(0L, 1L, 2L);
        assertThat(server.get("/v1/accounts/" + a, key).json()).containsEntry("debits_posted", 4L);

        TestServer.Answer bad = server.post("/v1/transfers/batch", key, "{\"transfers\":[" + TestServer.transfer(a, b, 1)
                + ",{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":-1}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field("error.param")).isEqualTo("transfers[1].amount");
        assertThat(server.get("/v1/accounts/" + a, key).json()).containsEntry("debits_posted", 4L);
        assertThat(server.post("/v1/transfers/batch", key, "{\"transfers\":[]}").field("error.param"))
                .isEqualTo("transfers");
    }

    @Test
    void listsAnAccountsTransfersAndBalanceHistory() {
        String a = server.account(key, "USD", "history");
        String b = server.account(key, "USD");
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (String) server.post("/v1/transfers", key, TestServer.transfer(b, a, i + 1)).field("id");
        }
        TestServer.Answer page = server.get("/v1/accounts/" + a + "/transfers?limit=2", key);
        assertThat(page.data()).extracting(t -> t.get("id")).containsExactly(ids[4], ids[3]);
        assertThat(page.field("has_more")).isEqualTo(true);
        TestServer.Answer next = server.get("/v1/accounts/" + a + "/transfers?limit=3&starting_after=" + ids[3], key);
        assertThat(next.data()).extracting(t -> t.get("id")).containsExactly(ids[2], ids[1], ids[0]);
        assertThat(next.field("has_more")).isEqualTo(false);
        TestServer.Answer back = server.get("/v1/accounts/" + a + "/transfers?limit=2&ending_before=" + ids[1], key);
        assertThat(back.data()).extracting(t -> t.get("id")).containsExactly(ids[3], ids[2]);
        assertThat(back.field("has_more")).isEqualTo(true);

        TestServer.Answer history = server.get("/v1/accounts/" + a + "/balances?limit=2", key);
        assertThat(history.data()).extracting(r -> r.get("credits_posted")).containsExactly(15L, 10L);
        String cursor = (String) history.data().get(1).get("timestamp");
        TestServer.Answer older = server.get("/v1/accounts/" + a + "/balances?starting_after=" + cursor, key);
        assertThat(older.data()).extracting(r -> r.get("credits_posted")).containsExactly(6L, 3L, 1L);
        assertThat(server.get("/v1/accounts/" + b + "/balances", key).field("error.code"))
                .isEqualTo("history_not_enabled");
    }

    @Test
    void transactionsApplyWholeOrNameTheFailingEntry() {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        String c = server.account(key, "USD");
        String body = "{\"code\":7,\"metadata\":{\"invoice\":\"1\"},\"entries\":["
                + "{\"account_id\":\"" + a + "\",\"direction\":\"debit\",\"amount\":1000},"
                + "{\"account_id\":\"" + b + "\",\"direction\":\"credit\",\"amount\":900},"
                + "{\"account_id\":\"" + c + "\",\"direction\":\"credit\",\"amount\":\"100\"}]}";
        TestServer.Answer created = server.post("/v1/transactions", key, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("object", "transaction").containsEntry("code", 7L);
        assertThat(server.get("/v1/accounts/" + c, key).json()).containsEntry("credits_posted", 100L);

        TestServer.Answer unbalanced = server.post("/v1/transactions", key, body.replace("\"100\"", "\"99\""));
        assertThat(unbalanced.status()).isEqualTo(422);
        assertThat(unbalanced.field("error.code")).isEqualTo("entries_must_balance");
        TestServer.Answer unknownAccount = server.post("/v1/transactions", key, "{\"entries\":["
                + "{\"account_id\":\"" + a + "\",\"direction\":\"debit\",\"amount\":5},"
                + "{\"account_id\":\"0193a000-0000-7000-8000-0000000000ee\",\"direction\":\"credit\",\"amount\":5}]}");
        assertThat(unknownAccount.field("error.param")).isEqualTo("entries[1]");
        assertThat(server.get("/v1/accounts/" + a, key).json()).containsEntry("debits_posted", 1000L);
        assertThat(server.post("/v1/transactions", key, "{\"entries\":[{\"account_id\":\"" + a
                + "\",\"direction\":\"sideways\",\"amount\":5}]}").field("error.param")).isEqualTo("entries[0].direction");
    }

    @Test
    void bigAmountsTravelAsStrings() {
        String a = server.account(key, "POINTS");
        String b = server.account(key, "POINTS");
        String big = "340282366920938463463374607431768211455"; // 2^128 - 1
        TestServer.Answer created = server.post("/v1/transfers", key,
                "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b + "\",\"amount\":\"" + big + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.field("amount")).isEqualTo(big);
        assertThat(server.get("/v1/accounts/" + b, key).field("credits_posted")).isEqualTo(big);
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(a, b, 1)).field("error.code"))
                .isEqualTo("overflows_debits_posted");
        assertThat(server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b
                + "\",\"amount\":\"340282366920938463463374607431768211456\"}").field("error.param")).isEqualTo("amount");
        assertThat(server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + a + "\",\"credit_account_id\":\"" + b
                + "\",\"amount\":1.5}").field("error.param")).isEqualTo("amount");
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        String a = server.account(key, "USD");
        String b = server.account(key, "USD");
        server.post("/v1/transfers", key, TestServer.transfer(a, b, 25));
        server = server.restart();
        assertThat(server.get("/v1/accounts/" + b, server.defaultKey).json()).containsEntry("credits_posted", 25L);
        assertThat(server.get("/v1/accounts/" + a + "/transfers", server.defaultKey).data()).hasSize(1);
    }
}
