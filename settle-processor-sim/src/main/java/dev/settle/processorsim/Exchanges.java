package dev.settle.processorsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies and writes answers on a JDK {@link HttpExchange}. Bodies are capped so
 * that a runaway client cannot make the simulator hold an unbounded buffer.
 */
final class Exchanges {
    /** The largest request body accepted (64 KiB); larger ones are answered 413. */
    static final int BODY_MAX_BYTES = 64 * 1024;

    static final String JSON = "application/json";
    static final String CSV = "text/csv; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int STATUS_TOO_LARGE = 413;

    private Exchanges() {}

    static byte[] readBody(HttpExchange exchange) throws IOException, ApiException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && isLargerThanMax(declared)) {
            throw tooLarge();
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(BODY_MAX_BYTES + 1);
            if (body.length > BODY_MAX_BYTES) {
                throw tooLarge();
            }
            return body;
        }
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, JSON, MAPPER.writeValueAsBytes(body));
    }

    static void sendCsv(HttpExchange exchange, String csv) throws IOException {
        send(exchange, 200, CSV, csv.getBytes(StandardCharsets.UTF_8));
    }

    static void sendError(HttpExchange exchange, ApiException error) throws IOException {
        if (error.allow() != null) {
            exchange.getResponseHeaders().set("Allow", error.allow());
        }
        sendJson(exchange, error.status(), error.body());
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static boolean isLargerThanMax(String declared) {
        try {
            return Long.parseLong(declared.trim()) > BODY_MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(STATUS_TOO_LARGE, ApiException.INVALID_REQUEST, "request_too_large",
                "request bodies are limited to " + BODY_MAX_BYTES + " bytes");
    }
}
