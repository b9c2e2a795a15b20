package dev.settle.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.settle.api.error.ApiException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body into a plain tree: {@code Map<String, Object>} (in order), {@code List},
 * {@code String}, {@code BigInteger} (integers), {@code BigDecimal} (other numbers),
 * {@code Boolean} and null. Strict: one value, no trailing content, no duplicate keys, valid
 * UTF-8, bounded nesting and sizes. Any violation is a 400 {@code invalid_json} (numbers with a
 * leading zero or a plus sign are not JSON); the integer {@code -0}, which is, is a 400
 * {@code parameter_invalid} naming where it stands.
 */
public final class JsonReader {
    /** Deeper than any request of the API needs. */
    public static final int NESTING_DEPTH_MAX = 16;
    /** Longer than any amount (39 digits) with room for a clear "too large" error later. */
    public static final int NUMBER_DIGITS_MAX = 100;
    public static final int STRING_CHARS_MAX = 64 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Requests run on virtual threads: a thread-local buffer pool would allocate per request.
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(NESTING_DEPTH_MAX)
                    .maxNumberLength(NUMBER_DIGITS_MAX)
                    .maxStringLength(STRING_CHARS_MAX)
                    .build())
            .build();

    private JsonReader() {}

    /** The tree of {@code body}; 400 invalid_json when it is not exactly one JSON value. */
    public static Object parse(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid("the body is empty; send a JSON object");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw invalid("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(describe(e));
        } catch (IOException e) {
            throw invalid("the body could not be read as JSON");
        }
    }

    /** The body as a JSON object; 400 when it is another kind of value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] body) {
        Object value = parse(body);
        if (!(value instanceof Map)) {
            throw invalid("the body must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** Takes the items of a streamed array one at a time. */
    @FunctionalInterface
    public interface ItemConsumer {
        void accept(int index, Object item);
    }

    /**
     * Streams a body that is a JSON object whose only field is the array {@code arrayField}: each
     * item is parsed into its tree and handed to {@code consumer}, then dropped, so a large batch
     * never exists as one tree next to what is made of it. Stops, 400, at the item past {@code
     * itemsMax}. Returns the number of items. Errors are those of {@link #parseObject} and
     * {@link Params}: invalid JSON, an unknown field, a missing or non-array field.
     */
    public static int forEachItem(byte[] body, String arrayField, int itemsMax, String sizeRule,
            ItemConsumer consumer) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid("the body is empty; send a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid("the body must be a JSON object");
            }
            int count = -1;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                String name = parser.currentName();
                if (!name.equals(arrayField)) {
                    throw ApiException.unknown(name);
                }
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw ApiException.badValue(arrayField, "must be an array");
                }
                count = 0;
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    if (count == itemsMax) {
                        throw ApiException.badValue(arrayField, sizeRule);
                    }
                    consumer.accept(count, read(parser, item));
                    count++;
                }
            }
            if (count < 0) {
                throw ApiException.missing(arrayField);
            }
            if (parser.nextToken() != null) {
                throw invalid("unexpected content after the JSON value");
            }
            return count;
        } catch (JsonProcessingException e) {
            throw invalid(describe(e));
        } catch (IOException e) {
            throw invalid("the body could not be read as JSON");
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw invalid("unexpected " + token);
        };
    }

    /**
     * A JSON integer. JSON itself has no leading zeros or plus sign (Jackson refuses them), but it
     * has {@code -0}: a second spelling of zero, refused here, naming where it stands.
     */
    private static Object integer(JsonParser parser) throws IOException {
        if (parser.getTextLength() == 2 && parser.getText().equals("-0")) {
            String param = pathOf(parser.getParsingContext());
            throw param.isEmpty() ? invalid("-0 is not a canonical number; write 0")
                    : ApiException.badValue(param, "is -0, which is not a canonical number; write 0");
        }
        return parser.getBigIntegerValue();
    }

    /**
     * Where the parser stands, as the API names parameters ({@code transfers[3].amount}); empty
     * at the top level.
     */
    private static String pathOf(JsonStreamContext context) {
        ArrayDeque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.getCurrentName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            }
        }
        return path.toString();
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            object.put(name, read(parser, parser.nextToken()));
        }
        return object;
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            array.add(read(parser, t));
        }
        return array;
    }

    /** Jackson's message without its source excerpt (which would echo the input). */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "the body is not valid JSON";
        }
        var location = e.getLocation();
        String at = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        String firstLine = message.lines().findFirst().orElse(message);
        if (firstLine.length() > 200) {
            firstLine = firstLine.substring(0, 200);
        }
        return "the body is not valid JSON: " + firstLine + at;
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid("invalid_json", message, null);
    }
}
