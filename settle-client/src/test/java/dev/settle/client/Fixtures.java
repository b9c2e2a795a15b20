package dev.settle.client;

import java.util.UUID;

/** Answers shaped as in docs/api.md, shared by the tests. */
final class Fixtures {
    static final UUID ACCOUNT_ID = UUID.fromString("0193a1b2-0000-7000-8000-000000000001");
    static final UUID OTHER_ACCOUNT_ID = UUID.fromString("0193a1b2-0000-7000-8000-000000000002");
    static final UUID TRANSFER_ID = UUID.fromString("0193a1b2-0000-7000-8000-0000000000aa");
    static final UUID TRANSACTION_ID = UUID.fromString("0193a1b2-0000-7000-8000-0000000000bb");
    /** 2^53 + 1: the smallest amount the server answers as a string. */
    static final String ABOVE_JSON_NUMBERS = "9007199254740993";
    /** 2^128 − 1: the largest amount. */
    static final String AMOUNT_MAX = "340282366920938463463374607431768211455";

    static final String ACCOUNT = """
            {"object": "account", "id": "0193a1b2-0000-7000-8000-000000000001", "currency": "USD", "code": 1,
             "flags": ["history"], "debits_pending": 0, "debits_posted": 1500,
             "credits_pending": "9007199254740993", "credits_posted": "340282366920938463463374607431768211455",
             "metadata": {"user": "42"}, "timestamp": "1795000000000000001",
             "created": "2026-11-23T10:15:30.123456789Z"}""";

    static final String TRANSFER = """
            {"object": "transfer", "id": "0193a1b2-0000-7000-8000-0000000000aa",
             "debit_account_id": "0193a1b2-0000-7000-8000-000000000001",
             "credit_account_id": "0193a1b2-0000-7000-8000-000000000002",
             "amount": 1500, "pending_id": null, "currency": "USD", "code": 1, "flags": ["pending"],
             "timeout_seconds": 3600, "status": "pending", "metadata": {"order": "A-17"},
             "timestamp": "1795000000000000002", "created": "2026-11-23T10:15:31Z"}""";

    private Fixtures() {}

    static String error(String type, String code, String param) {
        return """
                {"error": {"type": "%s", "code": "%s", "message": "refused for the test", "param": %s,
                 "request_id": "req_0193"}}""".formatted(type, code, param == null ? "null" : "\"" + param + "\"");
    }

    static String list(String... items) {
        return "{\"object\": \"list\", \"data\": [" + String.join(", ", items) + "], \"has_more\": true}";
    }
}
