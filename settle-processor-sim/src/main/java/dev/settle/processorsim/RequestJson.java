package dev.settle.processorsim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads request bodies with Jackson's tree model and checks each field's type, so that every
 * refusal names the field at fault ({@code parameter_invalid}) instead of a generic parse error.
 * A missing or JSON-null optional field counts as absent.
 */
final class RequestJson {
    /** The largest amount accepted, in minor units; keeps every sum far from overflowing. */
    static final long AMOUNT_MAX = 999_999_999_999L;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

    private final ObjectNode json;

    private RequestJson(ObjectNode json) {
        this.json = json;
    }

    /** Parses a body that must be a JSON object; an empty body is an empty object. */
    static RequestJson parse(byte[] body) throws ApiException {
        if (body.length == 0) {
            return new RequestJson(JsonNodeFactory.instance.objectNode());
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.parameterInvalid("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.parameterInvalid("body", "could not be read");
        }
        if (tree == null || tree.isMissingNode()) {
            return new RequestJson(JsonNodeFactory.instance.objectNode());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw ApiException.parameterInvalid("body", "must be a JSON object");
        }
        return new RequestJson(object);
    }

    long requiredAmount(String field) throws ApiException {
        OptionalLong amount = optionalAmount(field);
        if (amount.isEmpty()) {
            throw ApiException.parameterInvalid(field, "is required");
        }
        return amount.getAsLong();
    }

    /** A positive integer amount in minor units, at most {@link #AMOUNT_MAX}. */
    OptionalLong optionalAmount(String field) throws ApiException {
        JsonNode node = present(field);
        if (node == null) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiException.parameterInvalid(field, "must be an integer amount in minor units");
        }
        long amount = node.longValue();
        if (amount <= 0 || amount > AMOUNT_MAX) {
            throw ApiException.parameterInvalid(field, "must be between 1 and " + AMOUNT_MAX);
        }
        return OptionalLong.of(amount);
    }

    String requiredCurrency(String field) throws ApiException {
        String currency = requiredString(field);
        if (!CURRENCY.matcher(currency).matches()) {
            throw ApiException.parameterInvalid(field, "must be a lowercase three-letter ISO currency code");
        }
        return currency;
    }

    String requiredString(String field) throws ApiException {
        return optionalString(field, Integer.MAX_VALUE)
                .orElseThrow(() -> ApiException.parameterInvalid(field, "is required"));
    }

    Optional<String> optionalString(String field, int maxLength) throws ApiException {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiException.parameterInvalid(field, "must be a string");
        }
        String text = node.textValue();
        if (text.length() > maxLength) {
            throw ApiException.parameterInvalid(field, "must be at most " + maxLength + " characters");
        }
        return Optional.of(text);
    }

    boolean optionalBoolean(String field, boolean absent) throws ApiException {
        JsonNode node = present(field);
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw ApiException.parameterInvalid(field, "must be true or false");
        }
        return node.booleanValue();
    }

    private JsonNode present(String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
