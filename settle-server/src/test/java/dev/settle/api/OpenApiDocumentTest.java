package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is a valid OpenAPI 3.1 document that describes every endpoint of
 * docs/api.md, and {@link OpenApiContract} tells answers that follow it from answers that drift.
 * The sample answers are the examples of docs/api.md with their elisions filled in.
 */
class OpenApiDocumentTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.shared();

    /** Endpoints of docs/api.md, so that a regex that stops matching cannot pass silently. */
    private static final Set<String> API_MD_ENDPOINTS_KNOWN = Set.of(
            "POST /v1/admin/tenants",
            "GET /v1/admin/tenants",
            "POST /v1/accounts",
            "GET /v1/accounts",
            "GET /v1/accounts/{id}",
            "GET /v1/accounts/{id}/transfers",
            "GET /v1/accounts/{id}/balances",
            "POST /v1/transfers",
            "POST /v1/transfers/batch",
            "GET /v1/transfers/{id}",
            "POST /v1/transactions",
            "GET /v1/events",
            "GET /v1/events/{id}",
            "GET /v1/events/{id}/deliveries",
            "POST /v1/webhook_endpoints",
            "GET /v1/webhook_endpoints",
            "GET /v1/webhook_endpoints/{id}",
            "POST /v1/webhook_endpoints/{id}",
            "DELETE /v1/webhook_endpoints/{id}",
            "POST /v1/webhook_endpoints/{id}/rotate_secret",
            "POST /v1/webhook_endpoints/{id}/replay",
            "GET /v1/webhook_endpoints/{id}/dead_letters");

    private static final String METRICS_ENDPOINT = "GET /metrics";
    private static final Set<String> HEALTH_ENDPOINTS = Set.of("GET /health/live", "GET /health/ready", METRICS_ENDPOINT);

    /** "`GET /v1/accounts/{id}`" in the text, or "| POST | `/v1/admin/tenants` |" in a table. */
    private static final Pattern API_MD_ENDPOINT = Pattern.compile(
            "`(GET|POST|PUT|PATCH|DELETE) (/v1/[^`\\s]*)`|\\|\\s*(GET|POST|PUT|PATCH|DELETE)\\s*\\|\\s*`(/v1/[^`\\s]*)`");

    private static final String ACCOUNT_ID = "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b";
    private static final String OTHER_ACCOUNT_ID = "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6c";
    private static final String TRANSFER_ID = "0193a2b4-6000-7e8f-9a0b-1c2d3e4f5a6d";
    private static final String AMOUNT_MAX = "340282366920938463463374607431768211455";

    private static final String ACCOUNT = """
            {"object": "account", "id": "%s", "currency": "USD", "code": 1, "flags": ["history"],
             "debits_pending": 0, "debits_posted": 0, "credits_pending": 0, "credits_posted": 0,
             "metadata": {"user": "42"}, "timestamp": "1795000000000000001",
             "created": "2026-11-23T10:15:30.1Z"}""".formatted(ACCOUNT_ID);

    private static final String TRANSFER = """
            {"object": "transfer", "id": "%s", "debit_account_id": "%s", "credit_account_id": "%s",
             "amount": 1500, "pending_id": null, "currency": "USD", "code": 1, "flags": ["pending"],
             "timeout_seconds": 3600, "status": "pending", "metadata": {"order": "A-17"},
             "timestamp": "1795000000000000002", "created": "2026-11-23T10:15:30.123456789Z"}"""
            .formatted(TRANSFER_ID, ACCOUNT_ID, OTHER_ACCOUNT_ID);

    private static final String LEDGER_ERROR = """
            {"error": {"type": "ledger_error", "code": "exceeds_credits",
                       "message": "the debit account's debits would exceed its credits",
                       "param": null, "request_id": "req_0193a2b45c6d7e8f"}}""";

    // ---- The document ---------------------------------------------------------------------

    @Test
    void documentParsesAsOpenApi31WithoutMessages() {
        assertThat(CONTRACT.parserMessages()).isEmpty();
        OpenAPI openApi = CONTRACT.openApi();
        assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
        assertThat(openApi.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(openApi.getComponents().getSchemas()).containsKeys(
                "Account", "Transfer", "BatchResult", "Transaction", "Tenant", "TenantWithKey",
                "Balance", "AccountList", "TransferList", "BalanceList", "TenantList", "Error",
                "Amount", "Uuid", "Metadata", "Event", "EventList", "WebhookEndpoint",
                "WebhookEndpointWithSecret", "WebhookDelivery", "WebhookReplay", "DeletedWebhookEndpoint");
        assertThat(openApi.getComponents().getSecuritySchemes()).isNotEmpty()
                .allSatisfy((name, scheme) -> assertThat(scheme.getScheme()).isEqualTo("bearer"));
    }

    @Test
    void everyEndpointOfApiMdIsAnOperation() throws IOException {
        Path apiMd = CONTRACT.documentPath().resolveSibling("api.md");
        Set<String> documented = endpointsOf(Files.readString(apiMd, StandardCharsets.UTF_8));

        assertThat(documented).containsAll(API_MD_ENDPOINTS_KNOWN);
        assertThat(operationsByEndpoint().keySet()).containsAll(documented).containsAll(HEALTH_ENDPOINTS);
    }

    @Test
    void everyOperationHasAnIdTheVersionHeaderAndAnErrorAnswer() {
        Set<String> operationIds = new HashSet<>();
        operationsByEndpoint().forEach((endpoint, operation) -> {
            assertThat(operation.getOperationId()).as(endpoint).isNotBlank();
            assertThat(operationIds.add(operation.getOperationId())).as("unique id of " + endpoint).isTrue();
            assertThat(headerParameters(operation)).as(endpoint).contains("Settle-Version");
            assertThat(operation.getResponses().keySet()).as(endpoint).anyMatch(status -> status.startsWith("4"));
            // Probes take no key (no 401); their one client error is an unknown Settle-Version (400).
            assertThat(operation.getResponses()).as(endpoint).containsKeys(HEALTH_ENDPOINTS.contains(endpoint)
                    ? new String[] {"400"} : new String[] {"400", "401"});
        });
    }

    @Test
    void everyPostAndOnlyAPostTakesAnIdempotencyKey() {
        operationsByEndpoint().forEach((endpoint, operation) -> {
            boolean post = endpoint.startsWith("POST ");
            assertThat(headerParameters(operation).contains("Idempotency-Key")).as(endpoint).isEqualTo(post);
            if (post && takesForms(endpoint)) {
                // Stripe's client libraries send forms: the payments routes take both, with one schema.
                assertThat(operation.getRequestBody().getContent()).as(endpoint)
                        .containsOnlyKeys("application/json", "application/x-www-form-urlencoded");
                assertThat(operation.getRequestBody().getContent().get("application/x-www-form-urlencoded")
                        .getSchema().get$ref()).as(endpoint).isEqualTo(operation.getRequestBody().getContent()
                        .get("application/json").getSchema().get$ref());
            } else if (post && endpoint.equals(STREAMED_UPLOAD)) {
                // A statement file is the body itself, in whatever type the bank gave it.
                assertThat(operation.getRequestBody().getContent()).as(endpoint)
                        .containsKey("application/octet-stream").doesNotContainKey("application/json");
            } else if (post) {
                assertThat(operation.getRequestBody().getContent()).as(endpoint).containsOnlyKeys("application/json");
            }
        });
    }

    /** The route whose body is a file, streamed (Route.streaming). */
    private static final String STREAMED_UPLOAD = "POST /v1/reconciliation/statements";

    /** The payments routes, which take form bodies beside JSON (Route.withForms). */
    private static boolean takesForms(String endpoint) {
        return endpoint.startsWith("POST /v1/payment_intents") || endpoint.startsWith("POST /v1/refunds");
    }

    @Test
    void everyAnswerCarriesTheRequestIdAndTheVersion() {
        operationsByEndpoint().forEach((endpoint, operation) -> {
            for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
                assertThat(response.getValue().getHeaders()).as(endpoint + " → " + response.getKey())
                        .containsKeys("Request-Id", "Settle-Version");
                // Errors are the JSON error object everywhere, /metrics included.
                boolean metricsText = endpoint.equals(METRICS_ENDPOINT) && response.getKey().startsWith("2");
                assertThat(response.getValue().getContent()).as(endpoint + " → " + response.getKey())
                        .containsOnlyKeys(metricsText ? "text/plain" : "application/json");
            }
        });
    }

    @Test
    void createsAnswer201AndTheSameObjectAgain200() {
        for (String endpoint : List.of("POST /v1/accounts", "POST /v1/transfers", "POST /v1/transactions")) {
            assertThat(operationsByEndpoint().get(endpoint).getResponses()).as(endpoint)
                    .containsKeys("200", "201", "409", "413", "415", "422");
        }
        assertThat(operationsByEndpoint().get("POST /v1/admin/tenants").getResponses()).containsKeys("201", "409");
        assertThat(operationsByEndpoint().get("POST /v1/transfers/batch").getResponses())
                .containsKeys("200", "413").doesNotContainKey("201");
        assertThat(operationsByEndpoint().get("GET /health/ready").getResponses()).containsKeys("200", "503");
    }

    // ---- The contract against sample answers ----------------------------------------------

    @Test
    void theAccountOfApiMdMatches() {
        CONTRACT.assertMatches("POST", "/v1/accounts", 201, ACCOUNT);
        CONTRACT.assertMatches("POST", "/v1/accounts", 200, ACCOUNT);
        CONTRACT.assertMatches("GET", "/v1/accounts/" + ACCOUNT_ID, 200, ACCOUNT);
        CONTRACT.assertMatches("GET", "/v1/accounts", 200,
                "{\"object\": \"list\", \"data\": [" + ACCOUNT + "], \"has_more\": false}");
    }

    @Test
    void anAccountWithoutAFieldFails() {
        String withoutMetadata = ACCOUNT.replace("\"metadata\": {\"user\": \"42\"}, ", "");

        assertThat(CONTRACT.problemsOf("POST", "/v1/accounts", 201, withoutMetadata))
                .singleElement().asString().contains("metadata");
    }

    @Test
    void anAccountWithAnExtraFieldFails() {
        String withLedger = ACCOUNT.replace("\"currency\": \"USD\"", "\"currency\": \"USD\", \"ledger\": 1");

        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, withLedger))
                .singleElement().asString().contains("ledger");
    }

    @Test
    void anAccountWithAWrongTypeFails() {
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, ACCOUNT.replace("\"code\": 1", "\"code\": \"1\"")))
                .isNotEmpty().allSatisfy(problem -> assertThat(problem).contains("code"));
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, ACCOUNT.replace("\"flags\": [\"history\"]", "\"flags\": \"history\"")))
                .isNotEmpty();
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, ACCOUNT.replace(ACCOUNT_ID, ACCOUNT_ID.toUpperCase(Locale.ROOT))))
                .as("ids are answered in lower case").isNotEmpty();
    }

    @Test
    void aSmallAmountSentAsAStringFails() {
        String smallAmountAsString = ACCOUNT.replace("\"debits_posted\": 0", "\"debits_posted\": \"0\"");

        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, smallAmountAsString))
                .isNotEmpty().allSatisfy(problem -> assertThat(problem).contains("debits_posted"));
    }

    @Test
    void aTransferWithABigAmountAsAStringMatches() {
        CONTRACT.assertMatches("POST", "/v1/transfers", 201, TRANSFER);
        CONTRACT.assertMatches("GET", "/v1/transfers/" + TRANSFER_ID, 200,
                TRANSFER.replace("\"amount\": 1500", "\"amount\": \"" + AMOUNT_MAX + "\""));
        CONTRACT.assertMatches("GET", "/v1/transfers/{id}", 200,
                TRANSFER.replace("\"amount\": 1500", "\"amount\": 9007199254740992"));
        CONTRACT.assertMatches("GET", "/v1/transfers/{id}", 200, TRANSFER
                .replace("\"pending_id\": null", "\"pending_id\": \"" + OTHER_ACCOUNT_ID + "\"")
                .replace("\"flags\": [\"pending\"]", "\"flags\": [\"post_pending_transfer\"]")
                .replace("\"status\": \"pending\"", "\"status\": \"posted\""));
    }

    @Test
    void aTransferWithAnAmountPast2To128OrAnUnknownStatusFails() {
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 201,
                TRANSFER.replace("\"amount\": 1500", "\"amount\": \"" + AMOUNT_MAX + "0\""))).isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 201,
                TRANSFER.replace("\"status\": \"pending\"", "\"status\": \"open\""))).isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 201,
                TRANSFER.replace("\"amount\": 1500", "\"amount\": 1500.0"))).as("integers only").isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 201,
                TRANSFER.replace("\"pending_id\": null, ", ""))).as("pending_id is always present").isNotEmpty();
    }

    @Test
    void theErrorObjectOfApiMdMatches() {
        CONTRACT.assertMatches("POST", "/v1/transfers", 422, LEDGER_ERROR);
        CONTRACT.assertMatches("POST", "/v1/transfers/batch", 400, """
                {"error": {"type": "invalid_request_error", "code": "parameter_invalid",
                           "message": "transfers[3].amount must be an unsigned integer",
                           "param": "transfers[3].amount", "request_id": "req_01"}}""");
        CONTRACT.assertMatches("GET", "/v1/accounts/{id}", 404, """
                {"error": {"type": "invalid_request_error", "code": "resource_missing",
                           "message": "no such account", "param": "id", "request_id": "req_02"}}""");
    }

    @Test
    void anErrorOfTheWrongTypeOrShapeFails() {
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 401, LEDGER_ERROR))
                .as("401 is an authentication_error").isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 422, LEDGER_ERROR.replace("ledger_error", "ledger")))
                .isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 422, LEDGER_ERROR.replace("\"param\": null, ", "")))
                .as("param is always present, null when no field is at fault").isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/transfers", 422,
                "{\"type\": \"ledger_error\", \"code\": \"exceeds_credits\"}")).isNotEmpty();
    }

    @Test
    void theOtherObjectsOfApiMdMatch() {
        CONTRACT.assertMatches("POST", "/v1/transfers/batch", 200, """
                {"object": "batch_result", "results": [{"index": 0, "id": "%s", "result": "ok"},
                                                       {"index": 1, "id": "%s", "result": "exceeds_credits"}]}"""
                .formatted(TRANSFER_ID, OTHER_ACCOUNT_ID));
        CONTRACT.assertMatches("POST", "/v1/transactions", 201, """
                {"object": "transaction", "id": "%s", "code": 7, "entries": [
                   {"account_id": "%s", "direction": "debit", "amount": 1000},
                   {"account_id": "%s", "direction": "credit", "amount": 1000}],
                 "metadata": {"invoice": "2026-001"}, "timestamp": "1795000000000000003",
                 "created": "2026-11-23T10:15:30Z"}""".formatted(TRANSFER_ID, ACCOUNT_ID, OTHER_ACCOUNT_ID));
        CONTRACT.assertMatches("GET", "/v1/accounts/" + ACCOUNT_ID + "/balances?limit=1", 200, """
                {"object": "list", "has_more": true, "data": [{"object": "balance",
                 "timestamp": "1795000000000000002", "created": "2026-11-23T10:15:30.123456789Z",
                 "debits_pending": 0, "debits_posted": 1500, "credits_pending": 0, "credits_posted": 0}]}""");
        CONTRACT.assertMatches("GET", "/v1/accounts/" + ACCOUNT_ID + "/transfers", 200,
                "{\"object\": \"list\", \"data\": [" + TRANSFER + "], \"has_more\": false}");
        CONTRACT.assertMatches("GET", "/health/ready", 503, "{\"status\": \"starting\"}");
    }

    @Test
    void aTenantShowsItsKeyOnlyWhenCreated() {
        String tenant = """
                {"object": "tenant", "id": "%s", "name": "acme_eu-1", "status": "active", "api_version": "2026-11-01", "pod": 1,
                 "limits": {"reads_per_second": 100, "writes_per_second": 50, "concurrent_requests_max": 8,
                 "source": "tenant"}, "created": "2026-11-23T10:15:30.1Z"}""".formatted(ACCOUNT_ID);
        String withKey = tenant.replace("\"name\"", "\"api_key\": \"sk_" + "a1B2c3D4e5".repeat(4) + "xYz\", \"name\"");

        CONTRACT.assertMatches("POST", "/v1/admin/tenants", 201, withKey);
        CONTRACT.assertMatches("POST", "/v1/admin/tenants", 201,
                tenant.replace("\"name\"", "\"api_key\": null, \"name\""));
        CONTRACT.assertMatches("GET", "/v1/admin/tenants", 200, "{\"object\": \"list\", \"data\": [" + tenant + "], \"has_more\": false}");
        assertThat(CONTRACT.problemsOf("GET", "/v1/admin/tenants", 200,
                "{\"object\": \"list\", \"data\": [" + withKey + "], \"has_more\": false}")).isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/admin/tenants", 201, tenant)).isNotEmpty();
    }

    @Test
    void anEventCarriesTheObjectOfItsType() {
        String event = """
                {"id": "evt_00000001000000000000002a", "object": "event", "type": "%s",
                 "created": "2026-11-23T10:15:30.123456789Z", "api_version": "2026-11-01",
                 "data": {"object": %s}}""";

        CONTRACT.assertMatches("GET", "/v1/events/evt_00000001000000000000002a", 200,
                event.formatted("transfer.pending", TRANSFER));
        CONTRACT.assertMatches("GET", "/v1/events/{id}", 200, event.formatted("account.created", ACCOUNT));
        CONTRACT.assertMatches("GET", "/v1/events?type=transfer.*", 200,
                "{\"object\": \"list\", \"data\": [" + event.formatted("transfer.pending", TRANSFER)
                        + "], \"has_more\": true}");
        assertThat(CONTRACT.problemsOf("GET", "/v1/events/{id}", 200, event.formatted("account.created", TRANSFER)))
                .as("an account event carries an account").isNotEmpty();
        assertThat(CONTRACT.problemsOf("GET", "/v1/events/{id}", 200, event.formatted("payout.paid", TRANSFER)))
                .as("an unknown type").isNotEmpty();
        assertThat(CONTRACT.problemsOf("GET", "/v1/events/{id}", 200,
                event.formatted("transfer.pending", TRANSFER).replace("evt_0000", "evt_")))
                .as("a malformed id").isNotEmpty();
    }

    @Test
    void aWebhookEndpointShowsItsSecretOnlyWhenCreatedOrRotated() {
        String endpoint = """
                {"object": "webhook_endpoint", "id": "we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e",
                 "url": "https://example.com/settle/webhooks", "enabled_events": ["transfer.*", "account.created"],
                 "description": null, "status": "enabled", "disabled_reason": null, "failing_since": null,
                 "circuit_breaker": "closed", "previous_secret_expires": null, "created": "2026-11-23T10:15:30.123Z"}""";
        String withSecret = endpoint.replace("\"url\"", "\"secret\": \"whsec_" + "AbCd+/01".repeat(4) + "\", \"url\"");
        String path = "/v1/webhook_endpoints/we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e";

        CONTRACT.assertMatches("POST", "/v1/webhook_endpoints", 201, withSecret);
        CONTRACT.assertMatches("POST", path + "/rotate_secret", 200,
                withSecret.replace("\"previous_secret_expires\": null", "\"previous_secret_expires\": \"2026-11-24T10:15:30Z\""));
        CONTRACT.assertMatches("GET", path, 200, endpoint);
        CONTRACT.assertMatches("POST", path, 200, endpoint
                .replace("\"status\": \"enabled\", \"disabled_reason\": null", "\"status\": \"disabled\", \"disabled_reason\": \"gone\"")
                .replace("\"circuit_breaker\": \"closed\"", "\"circuit_breaker\": null"));
        CONTRACT.assertMatches("GET", "/v1/webhook_endpoints", 200,
                "{\"object\": \"list\", \"data\": [" + endpoint + "], \"has_more\": false}");
        CONTRACT.assertMatches("DELETE", path, 200,
                "{\"object\": \"webhook_endpoint\", \"id\": \"we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e\", \"deleted\": true}");
        assertThat(CONTRACT.problemsOf("GET", path, 200, withSecret)).isNotEmpty();
        assertThat(CONTRACT.problemsOf("POST", "/v1/webhook_endpoints", 201, endpoint)).isNotEmpty();
        assertThat(CONTRACT.problemsOf("GET", path, 200, endpoint.replace("\"disabled_reason\": null",
                "\"disabled_reason\": \"manual\""))).as("an enabled endpoint has no reason").isNotEmpty();
    }

    @Test
    void aDeliveryListsItsAttempts() {
        String delivery = """
                {"object": "webhook_delivery", "event": "evt_00000001000000000000002a",
                 "webhook_endpoint": "we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e", "status": "failed",
                 "attempt_count": 11, "next_attempt": null,
                 "attempts": [{"attempted": "2026-11-26T14:02:11.412Z", "status_code": 503, "latency_ms": 87,
                               "error": null, "response_body_prefix": "{\\"error\\": \\"maintenance\\"}"},
                              {"attempted": "2026-11-26T14:02:06Z", "status_code": null, "latency_ms": 5001,
                               "error": "connect timed out", "response_body_prefix": ""}]}""";
        String list = "{\"object\": \"list\", \"data\": [" + delivery + "], \"has_more\": false}";

        CONTRACT.assertMatches("GET", "/v1/webhook_endpoints/we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e/dead_letters", 200, list);
        CONTRACT.assertMatches("GET", "/v1/events/evt_00000001000000000000002a/deliveries", 200, list
                .replace("\"status\": \"failed\"", "\"status\": \"pending\"")
                .replace("\"next_attempt\": null", "\"next_attempt\": \"2026-11-26T14:07:11.412Z\""));
        assertThat(CONTRACT.problemsOf("GET", "/v1/events/{id}/deliveries", 200,
                list.replace("\"next_attempt\": null", "\"next_attempt\": \"2026-11-26T14:07:11.412Z\"")))
                .as("only a pending delivery has a next attempt").isNotEmpty();
        assertThat(CONTRACT.problemsOf("GET", "/v1/events/{id}/deliveries", 200,
                list.replace("\"error\": \"connect timed out\"", "\"error\": null")))
                .as("an attempt without an answer says why").isNotEmpty();
        CONTRACT.assertMatches("POST", "/v1/webhook_endpoints/we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e/replay", 200,
                "{\"object\": \"webhook_replay\", \"webhook_endpoint\": \"we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e\", \"queued\": 2}");
    }

    @Test
    void theWebhookRequestsOfApiMdAreValidAndTheirMistakesAreNot() {
        String replay = "/v1/webhook_endpoints/we_6f1c2a9e0b8d4c7f9a3e5d1b2c4f6a8e/replay";
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints",
                "{\"url\": \"https://example.com/settle/webhooks\", \"enabled_events\": [\"transfer.*\"],"
                        + " \"description\": \"ledger sync\"}")).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints/{id}",
                "{\"disabled\": false, \"description\": null}")).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints/{id}/rotate_secret", "{}")).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", replay,
                "{\"event_ids\": [\"evt_00000001000000000000002a\"]}")).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", replay,
                "{\"since\": \"2026-11-23T00:00:00Z\", \"until\": \"2026-11-24T00:00:00Z\"}")).isEmpty();

        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints",
                "{\"url\": \"https://example.com/hook\", \"enabled_events\": []}")).as("no event type").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints",
                "{\"url\": \"https://example.com/hook\", \"enabled_events\": [\"payout.paid\"]}")).isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints",
                "{\"url\": \"ftp://example.com/hook\", \"enabled_events\": [\"*\"]}")).isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", replay, "{}")).as("nothing to replay").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", replay,
                "{\"event_ids\": [\"evt_00000001000000000000002a\"], \"since\": \"2026-11-23T00:00:00Z\"}"))
                .as("both").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", replay, "{\"until\": \"2026-11-23T00:00:00Z\"}"))
                .as("until alone").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/webhook_endpoints/{id}/rotate_secret",
                "{\"expire_previous_after_seconds\": 604801}")).as("over 7 days").isNotEmpty();
    }

    @Test
    void theRequestsOfApiMdAreValidAndTheirMistakesAreNot() {
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/accounts", """
                {"id": "%s", "currency": "USD", "code": 1, "flags": ["history"], "metadata": {"user": "42"}}"""
                .formatted(ACCOUNT_ID.toUpperCase(Locale.ROOT)))).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers", """
                {"id": "%s", "debit_account_id": "%s", "credit_account_id": "%s", "amount": 1500,
                 "currency": "USD", "code": 1, "flags": ["pending"], "timeout_seconds": 3600,
                 "metadata": {"order": "A-17"}}""".formatted(TRANSFER_ID, ACCOUNT_ID, OTHER_ACCOUNT_ID))).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers",
                "{\"flags\": [\"post_pending_transfer\"], \"pending_id\": \"" + TRANSFER_ID + "\"}")).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers/batch", """
                {"transfers": [{"debit_account_id": "%1$s", "credit_account_id": "%2$s", "amount": "%3$s",
                                "flags": ["linked"]},
                               {"debit_account_id": "%2$s", "credit_account_id": "%1$s", "amount": 7}]}"""
                .formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID, AMOUNT_MAX))).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transactions", """
                {"code": 7, "entries": [{"account_id": "%s", "direction": "debit", "amount": 1000},
                                        {"account_id": "%s", "direction": "credit", "amount": "1000"}],
                 "metadata": {"invoice": "2026-001"}}""".formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID))).isEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/admin/tenants", "{\"name\": \"acme\"}")).isEmpty();

        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/accounts", "{\"currency\": \"USD\", \"ledger\": 1}"))
                .as("unknown field").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/accounts", "{\"code\": 1}")).as("no currency").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers",
                "{\"flags\": [\"void_pending_transfer\"]}")).as("no pending_id").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers", """
                {"debit_account_id": "%s", "credit_account_id": "%s", "amount": 1.5}"""
                .formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID))).as("a fraction").isNotEmpty();
        for (String notAnInteger : List.of("1.0", "1e3")) {
            assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers", """
                    {"debit_account_id": "%s", "credit_account_id": "%s", "amount": %s}"""
                    .formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID, notAnInteger))).as(notAnInteger).isNotEmpty();
        }
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers", """
                {"debit_account_id": "%s", "credit_account_id": "%s", "amount": %s0}"""
                .formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID, AMOUNT_MAX))).as("past 2^128 - 1").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("POST", "/v1/transfers", """
                {"debit_account_id": "%s", "credit_account_id": "%s", "amount": 1, "flags": ["linked"]}"""
                .formatted(ACCOUNT_ID, OTHER_ACCOUNT_ID))).as("linked only in batches").isNotEmpty();
        assertThat(CONTRACT.requestProblemsOf("GET", "/v1/accounts", "{}")).isNotEmpty();
    }

    @Test
    void anUndocumentedStatusOrANonJsonBodyIsAProblem() {
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 418, "{}"))
                .singleElement().asString().contains("418");
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, "<html>oops</html>"))
                .singleElement().asString().contains("not JSON");
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, ""))
                .singleElement().asString().contains("no");
        assertThat(CONTRACT.problemsOf("GET", "/v1/accounts/{id}", 200, ACCOUNT + ACCOUNT))
                .singleElement().asString().contains("not JSON");
        assertThatThrownBy(() -> CONTRACT.assertMatches("GET", "/v1/accounts/{id}", 200, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("object");
    }

    @Test
    void headersAreCheckedAgainstTheDocument() {
        Map<String, List<String>> good = Map.of(
                "request-id", List.of("req_0193a2b45c6d7e8f"),
                "Settle-Version", List.of("2026-11-01"),
                "Idempotent-Replayed", List.of("true"));

        assertThat(CONTRACT.headerProblemsOf("POST", "/v1/accounts", 201, good)).isEmpty();
        assertThat(CONTRACT.headerProblemsOf("POST", "/v1/accounts", 201, Map.of("Request-Id", List.of("req_1"))))
                .singleElement().asString().contains("Settle-Version");
        assertThat(CONTRACT.headerProblemsOf("POST", "/v1/accounts", 201, Map.of(
                "Request-Id", List.of("req_1"), "Settle-Version", List.of("Nov 2026"))))
                .singleElement().asString().contains("Settle-Version");
    }

    @Test
    void pathTemplatesPreferLiteralSegments() {
        assertThat(CONTRACT.pathTemplateOf("/v1/transfers/batch")).isEqualTo("/v1/transfers/batch");
        assertThat(CONTRACT.pathTemplateOf("/v1/transfers/" + TRANSFER_ID)).isEqualTo("/v1/transfers/{id}");
        assertThat(CONTRACT.pathTemplateOf("/v1/accounts/" + ACCOUNT_ID + "/transfers?limit=2"))
                .isEqualTo("/v1/accounts/{id}/transfers");
        assertThat(CONTRACT.pathTemplateOf("/v1/accounts")).isEqualTo("/v1/accounts");
        assertThatThrownBy(() -> CONTRACT.pathTemplateOf("/v1/nothing/here")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- Helpers --------------------------------------------------------------------------

    private static Set<String> endpointsOf(String markdown) {
        Set<String> endpoints = new LinkedHashSet<>();
        Matcher matcher = API_MD_ENDPOINT.matcher(markdown);
        while (matcher.find()) {
            String method = matcher.group(1) != null ? matcher.group(1) : matcher.group(3);
            String path = matcher.group(2) != null ? matcher.group(2) : matcher.group(4);
            endpoints.add(method + " " + path);
        }
        return endpoints;
    }

    /** Every operation of the document under "METHOD /path". */
    private static Map<String, Operation> operationsByEndpoint() {
        Map<String, Operation> operations = new java.util.TreeMap<>();
        for (Map.Entry<String, PathItem> path : CONTRACT.openApi().getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                operations.put(operation.getKey() + " " + path.getKey(), operation.getValue());
            }
        }
        return operations;
    }

    private static List<String> headerParameters(Operation operation) {
        List<String> names = new ArrayList<>();
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if ("header".equals(parameter.getIn())) {
                    names.add(parameter.getName());
                }
            }
        }
        return names;
    }
}
