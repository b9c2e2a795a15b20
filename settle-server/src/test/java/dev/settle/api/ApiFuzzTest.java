package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.store.LedgerStore;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad requests — mutated JSON, wrong types, unknown and duplicate fields,
 * bad UTF-8, odd paths, methods, headers and raw garbage — against a running server: every answer
 * is a 4xx (or a 2xx when a mutation happens to stay valid), never a 5xx; afterwards the store
 * verifies.
 */
class ApiFuzzTest {
    private static final int REQUESTS = 3_000;
    private static final int RAW_REQUESTS = 200;
    private static final long SEED = 20261123L;
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e999", "-0",
        "0.5", "\\u0000", "\\ud800", "99999999999999999999999999999999999999999", "\u00e9", "\t", "//"};
    private static final Object[] VALUES = {null, true, -1, 0, new java.math.BigDecimal("1.5"), "", "x", "USD", List.of(), Map.of(),
        new java.math.BigInteger("340282366920938463463374607431768211456"), "-5", "0193a000-0000-7000-8000-00000000000x",
        List.of(1, "a"), Map.of("a", Map.of("b", 1)), "a".repeat(600)};

    @TempDir
    Path data;

    @Test
    void badRequestsNeverGetA5xxNorLeavePartialEffects() throws Exception {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        try (TestServer server = TestServer.start(data)) {
            String key = server.defaultKey;
            String a = server.account(key, "USD");
            String b = server.account(key, "USD");
            List<Template> templates = templates(a, b);
            String previous = "";
            for (int i = 0; i < REQUESTS; i++) {
                Template t = templates.get(random.nextInt(templates.size()));
                byte[] body = t.body == null ? null : mutate(t.body, random);
                String path = random.nextInt(10) == 0 ? mutatePath(t.path, random) : t.path;
                String method = random.nextInt(20) == 0 ? (random.nextBoolean() ? "PUT" : "DELETE") : t.method;
                List<String> headers = headers(random);
                TestServer.Answer answer;
                try {
                    answer = server.send(method, path, random.nextInt(30) == 0 ? "sk_wrong" : t.key(key), body,
                            headers.toArray(String[]::new));
                } catch (IllegalArgumentException refusedByTheClient) {
                    continue; // the JDK client itself refused the path or a header
                } catch (java.io.UncheckedIOException e) {
                    throw new AssertionError("after " + previous + ": no answer to " + method + " " + path + " " + headers + " "
                            + (body == null ? "" : new String(body, StandardCharsets.UTF_8)), e);
                }
                previous = answer.status() + " " + answer.headers().map() + " for " + method + " " + path;
                statuses.merge(answer.status(), 1, Integer::sum);
                assertThat(answer.status()).as("%s %s %s", method, path, body == null ? "" : new String(body,
                        StandardCharsets.UTF_8)).isLessThan(500);
                if (answer.status() >= 400) {
                    assertThat(answer.json()).containsKey("error");
                }
            }
            for (int i = 0; i < RAW_REQUESTS; i++) {
                int status = rawRequest(server.server.port(), rawGarbage(random));
                statuses.merge(status, 1, Integer::sum);
                // 505 is HTTP's own answer to a protocol version other than 1.0 and 1.1 (HTTP/9.9).
                assertThat(status).isNotEqualTo(500).satisfiesAnyOf(s -> assertThat(s).isLessThan(500),
                        s -> assertThat(s).isEqualTo(505));
            }
        }
        try (LedgerStore store = LedgerStore.openReadOnly(data)) {
            VerifyReport report = StoreVerifier.verify(store);
            assertThat(report.passed()).as(report.render()).isTrue();
        }
        assertThat(statuses).as("statuses seen: %s", statuses).containsKeys(400, 404);
    }

    private record Template(String method, String path, String body, boolean admin) {
        String key(String tenantKey) {
            return admin ? TestServer.ADMIN_TOKEN : tenantKey;
        }
    }

    private static List<Template> templates(String a, String b) {
        String transfer = TestServer.transfer(a, b, 1).replace("}", ",\"code\":1,\"metadata\":{\"k\":\"v\"}}");
        return List.of(
                new Template("POST", "/v1/accounts", "{\"currency\":\"USD\",\"code\":1,\"flags\":[\"history\"],"
                        + "\"metadata\":{\"a\":\"b\"}}", false),
                new Template("POST", "/v1/transfers", transfer, false),
                new Template("POST", "/v1/transfers", "{\"flags\":[\"pending\"],\"debit_account_id\":\"" + a
                        + "\",\"credit_account_id\":\"" + b + "\",\"amount\":\"5\",\"timeout_seconds\":10}", false),
                new Template("POST", "/v1/transfers/batch", "{\"transfers\":[" + transfer + "," + transfer + "]}", false),
                new Template("POST", "/v1/transactions", "{\"entries\":[{\"account_id\":\"" + a
                        + "\",\"direction\":\"debit\",\"amount\":2},{\"account_id\":\"" + b
                        + "\",\"direction\":\"credit\",\"amount\":2}]}", false),
                new Template("POST", "/v1/admin/tenants", "{\"name\":\"fuzz\"}", true),
                new Template("GET", "/v1/accounts?limit=5&starting_after=" + a, null, false),
                new Template("GET", "/v1/accounts/" + a + "/transfers?limit=2", null, false),
                new Template("GET", "/v1/accounts/" + a + "/balances", null, false),
                new Template("GET", "/v1/transfers/" + a, null, false));
    }

    private static byte[] mutate(String body, Random random) {
        String mutated = switch (random.nextInt(8)) {
            case 0 -> body.substring(0, random.nextInt(body.length()));
            case 1 -> insert(body, TOKENS[random.nextInt(TOKENS.length)], random);
            case 2 -> replaceValue(body, VALUES[random.nextInt(VALUES.length)], random);
            case 3 -> body.replaceFirst("\\{", "{\"unknown_" + random.nextInt(5) + "\":1,");
            case 4 -> body.replaceFirst("\"[a-z_]+\":[^,}]+,?", "");
            case 5 -> body.replaceFirst("\\{(\"[a-z_]+\":[^,}]+)", "{$1,$1");
            case 6 -> "[".repeat(random.nextInt(40)) + body;
            default -> body;
        };
        byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static String insert(String body, String token, Random random) {
        int at = random.nextInt(body.length() + 1);
        return body.substring(0, at) + token + body.substring(at);
    }

    private static String replaceValue(String body, Object value, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == ':') {
                colons.add(i);
            }
        }
        if (colons.isEmpty()) {
            return body;
        }
        int at = colons.get(random.nextInt(colons.size())) + 1;
        int end = at;
        int depth = 0;
        boolean inString = false;
        for (; end < body.length(); end++) {
            char c = body.charAt(end);
            if (c == '"' && body.charAt(end - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth-- == 0) {
                    break;
                }
            } else if (!inString && c == ',' && depth == 0) {
                break;
            }
        }
        return body.substring(0, at) + new String(dev.settle.api.json.JsonWriter.write(value),
                StandardCharsets.UTF_8) + body.substring(end);
    }

    private static String mutatePath(String path, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> path + "/extra";
            case 1 -> path.replace("/v1/", "/v2/");
            case 2 -> path + "%00";
            case 3 -> path.replace("accounts", "acc%C3%A9unts");
            default -> path + "?limit=" + random.nextInt(1000) + "&bogus=1";
        };
    }

    private static List<String> headers(Random random) {
        List<String> headers = new ArrayList<>();
        switch (random.nextInt(8)) {
            case 0 -> headers.addAll(List.of("Settle-Version", random.nextBoolean() ? "2026-13-45" : "yesterday"));
            case 1 -> headers.addAll(List.of("Idempotency-Key", "k" + random.nextInt(20)));
            case 2 -> headers.addAll(List.of("Content-Type", random.nextBoolean() ? "text/plain" : "application/xml"));
            case 3 -> headers.addAll(List.of("Idempotency-Key", "x".repeat(300)));
            default -> { }
        }
        return headers;
    }

    private static byte[] rawGarbage(Random random) {
        String[] heads = {"GET / HTTP/1.1", "POST /v1/accounts HTTP/1.1", "BREW /v1/accounts HTTP/1.1",
            "GET /v1/accounts HTTP/9.9", "GET /v1/../../etc/passwd HTTP/1.1", "POST /v1/transfers HTTP/1.1"};
        StringBuilder request = new StringBuilder(heads[random.nextInt(heads.length)]).append("\r\nHost: x\r\n");
        switch (random.nextInt(5)) {
            case 0 -> request.append("Content-Length: -5\r\n");
            case 1 -> request.append("Content-Length: 99999999999999999999\r\n");
            case 2 -> request.append("Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n");
            case 3 -> request.append("X-Long: ").append("a".repeat(20_000)).append("\r\n");
            default -> request.append("Content-Type: application/json\r\nContent-Length: 3\r\n\r\n{\"a");
        }
        request.append("\r\n");
        byte[] bytes = request.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextBoolean()) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Sends raw bytes; returns the answer's status, or 0 when the server closed without one. */
    private static int rawRequest(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException closedEarly) {
                // The server may refuse before reading it all.
            }
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 0;
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            return 0;
        }
    }
}
