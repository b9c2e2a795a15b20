package dev.settle.processorsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The HTTP side of the simulator: routes each request, applies the configured faults, and turns
 * outcomes and {@link ApiException}s into answers. The rules live in {@link ChargeRules}, the
 * idempotency and durability in {@link Processor}.
 *
 * <p>A lost answer is an exchange closed before any status line was sent: the JDK server then
 * closes the connection, and the caller sees an I/O error, exactly as when a real processor
 * performs a request and the network drops the answer.
 */
final class SimulatorHandler implements HttpHandler {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final int STATUS_OK = 200;
    private static final int STATUS_NOT_FOUND = 404;
    private static final int STATUS_UNAVAILABLE = 503;
    private static final int STATUS_INTERNAL = 500;

    private final Processor processor;
    private final ChargeRules rules;
    private final Faults faults;

    SimulatorHandler(Processor processor, ChargeRules rules, Faults faults) {
        this.processor = processor;
        this.rules = rules;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                faults.addLatency();
                Router.Match match = Router.match(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
                if (match.route().mutating()) {
                    mutate(exchange, match);
                } else {
                    read(exchange, match);
                }
            } catch (ApiException e) {
                Exchanges.sendError(exchange, e);
            } catch (InterruptedException e) {
                // The simulator is closing: leave the exchange unanswered.
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                sendInternalError(exchange, e);
            }
        } catch (IOException e) {
            // The caller went away while being answered; nothing is left to do.
        }
    }

    private void mutate(HttpExchange exchange, Router.Match match)
            throws ApiException, IOException, InterruptedException {
        if (faults.failRequest()) {
            throw new ApiException(STATUS_UNAVAILABLE, ApiException.API_ERROR, "processor_unavailable",
                    "the processor is unavailable; retry later with the same idempotency key");
        }
        String key = idempotencyKey(exchange);
        byte[] body = Exchanges.readBody(exchange);
        Processor.Outcome outcome = processor.mutate(key, mutation(match, body));
        if (outcome.slow()) {
            faults.answerSlowly();
        }
        RecordedAnswer answer = outcome.answer();
        if (answer.lost() || faults.loseAnswer()) {
            return; // performed and durable, but the caller gets a closed connection
        }
        Exchanges.sendJson(exchange, answer.statusCode(), answer.response());
    }

    private Processor.Mutation mutation(Router.Match match, byte[] body) {
        return switch (match.route()) {
            case AUTHORIZE -> () -> rules.authorize(AuthorizationRequest.parse(body));
            case CAPTURE -> () -> rules.capture(match.parameter(0), AmountRequest.parse(body));
            case VOID -> () -> {
                RequestJson.parse(body);
                return rules.voidCharge(match.parameter(0));
            };
            case REFUND -> () -> rules.refund(match.parameter(0), AmountRequest.parse(body));
            default -> throw new IllegalStateException("not a mutating route: " + match.route());
        };
    }

    private void read(HttpExchange exchange, Router.Match match) throws ApiException, IOException {
        switch (match.route()) {
            case HEALTH -> Exchanges.sendJson(exchange, STATUS_OK, JsonNodeFactory.instance.objectNode().put("status", "ok"));
            case CHARGE -> {
                String id = match.parameter(0);
                Charge charge = processor.charge(id).orElseThrow(() -> ApiException.missing("charge: " + id));
                Exchanges.sendJson(exchange, STATUS_OK, charge.toJson());
            }
            case OPERATION -> {
                String key = match.parameter(0);
                RecordedAnswer answer =
                        processor.operation(key).orElseThrow(() -> ApiException.missing("operation: " + key));
                Exchanges.sendJson(exchange, STATUS_OK, answer.toOperationJson());
            }
            case FENCE -> fence(exchange, match.parameter(0));
            case SETTLEMENT_REPORT ->
                    Exchanges.sendCsv(exchange, processor.settlementReport(reportDate(match.parameter(0))));
            default -> throw new IllegalStateException("not a read route: " + match.route());
        }
    }

    private void fence(HttpExchange exchange, String key) throws IOException {
        var recorded = processor.fence(key);
        if (recorded.isPresent()) {
            Exchanges.sendJson(exchange, STATUS_OK, recorded.get().toOperationJson());
            return;
        }
        ObjectNode body = ApiException.missing("operation: " + key).body();
        body.put("fenced", true);
        Exchanges.sendJson(exchange, STATUS_NOT_FOUND, body);
    }

    private static String idempotencyKey(HttpExchange exchange) throws ApiException {
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (key == null || key.isEmpty() || key.length() > IDEMPOTENCY_KEY_MAX_LENGTH) {
            throw ApiException.invalid("idempotency_key_missing",
                    "every POST needs an Idempotency-Key header of 1 to " + IDEMPOTENCY_KEY_MAX_LENGTH + " characters");
        }
        return key;
    }

    private static LocalDate reportDate(String text) throws ApiException {
        if (!DATE.matcher(text).matches()) {
            throw ApiException.parameterInvalid("date", "must be a date as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.parameterInvalid("date", "is not a valid date: " + text);
        }
    }

    private static void sendInternalError(HttpExchange exchange, Exception cause) throws IOException {
        if (exchange.getResponseCode() != -1) {
            return; // the status line is out already; closing the exchange cuts the answer short
        }
        System.err.println("processor-sim: request failed: " + cause);
        Exchanges.sendJson(exchange, STATUS_INTERNAL,
                ApiException.errorBody(ApiException.API_ERROR, "internal_error", "the simulator failed: " + cause.getMessage()));
    }
}
