package dev.settle.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Typed reads of the fields of an answer object. A required field that is absent or of the wrong
 * type is a {@link MalformedAnswerException}; an optional one that is absent or null reads as
 * null (or empty, for lists and maps). Fields the client does not know are ignored.
 */
final class JsonFields {
    private JsonFields() {}

    static JsonNode object(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new MalformedAnswerException(what + " is not a JSON object");
        }
        return node;
    }

    static String text(JsonNode object, String field) {
        JsonNode value = required(object, field);
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new MalformedAnswerException(field + " is not a string: " + value);
        }
        return value.asText();
    }

    static String optionalText(JsonNode object, String field) {
        return isAbsent(object, field) ? null : text(object, field);
    }

    static UUID uuid(JsonNode object, String field) {
        String text = text(object, field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedAnswerException(field + " is not a UUID: " + text);
        }
    }

    static UUID optionalUuid(JsonNode object, String field) {
        return isAbsent(object, field) ? null : uuid(object, field);
    }

    static BigInteger amount(JsonNode object, String field) {
        return Amounts.fromJson(required(object, field), field);
    }

    static int integer(JsonNode object, String field) {
        long value = integral(required(object, field), field);
        if (value != (int) value) {
            throw new MalformedAnswerException(field + " is out of range: " + value);
        }
        return (int) value;
    }

    static int intOrZero(JsonNode object, String field) {
        return isAbsent(object, field) ? 0 : integer(object, field);
    }

    static long longOrZero(JsonNode object, String field) {
        return isAbsent(object, field) ? 0 : integral(object.get(field), field);
    }

    static boolean bool(JsonNode object, String field) {
        JsonNode value = required(object, field);
        if (!value.isBoolean()) {
            throw new MalformedAnswerException(field + " is not a boolean: " + value);
        }
        return value.booleanValue();
    }

    static Instant instant(JsonNode object, String field) {
        String text = text(object, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedAnswerException(field + " is not an RFC 3339 time: " + text);
        }
    }

    static <T> List<T> list(JsonNode object, String field, Function<JsonNode, T> item) {
        if (isAbsent(object, field)) {
            return List.of();
        }
        JsonNode array = object.get(field);
        if (!array.isArray()) {
            throw new MalformedAnswerException(field + " is not an array");
        }
        List<T> items = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            items.add(item.apply(element));
        }
        return items;
    }

    static List<String> stringList(JsonNode object, String field) {
        return list(object, field, element -> {
            if (!element.isTextual()) {
                throw new MalformedAnswerException(field + " holds a non-string: " + element);
            }
            return element.textValue();
        });
    }

    static Map<String, String> stringMap(JsonNode object, String field) {
        if (isAbsent(object, field)) {
            return Map.of();
        }
        JsonNode map = object(object.get(field), field);
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new MalformedAnswerException(field + "." + entry.getKey() + " is not a string");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }

    private static long integral(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedAnswerException(field + " is not an integer: " + value);
        }
        return value.longValue();
    }

    private static JsonNode required(JsonNode object, String field) {
        if (isAbsent(object, field)) {
            throw new MalformedAnswerException(field + " is missing");
        }
        return object.get(field);
    }

    private static boolean isAbsent(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull();
    }
}
