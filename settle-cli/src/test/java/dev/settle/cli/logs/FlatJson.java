package dev.settle.cli.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one log line strictly: a flat JSON object and nothing after it, keys in their order. */
public final class FlatJson {
    private static final JsonFactory JSON = new JsonFactory();

    private FlatJson() {}

    /**
     * Its fields: strings, {@code Long} (or {@code BigInteger}) or {@code Double} numbers, booleans, nulls; throws
     * {@link IOException} for anything else (nested values, trailing text, bad escapes).
     */
    public static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "not an object", line);
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                Object previous = fields.put(name, switch (value) {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
                    case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                    case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
                    case VALUE_NULL -> null;
                    default -> throw new IOException("not a flat value at " + name + ": " + line);
                });
                expect(previous == null, "repeats " + name, line);
            }
            expect(parser.nextToken() == null, "has text after the object", line);
        }
        return fields;
    }

    private static void expect(boolean condition, String problem, String line) throws IOException {
        if (!condition) {
            throw new IOException("the line " + problem + ": " + line);
        }
    }
}
