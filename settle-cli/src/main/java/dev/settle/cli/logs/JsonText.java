package dev.settle.cli.logs;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Appends JSON strings and values to a {@link StringBuilder}: the escaping, once, by hand. */
final class JsonText {
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    /** Characters below this are control characters, which JSON strings must escape. */
    private static final char CONTROL_CHARACTERS_END = 0x20;

    private JsonText() {}

    /** Appends {@code text} as a quoted JSON string; null as {@code null}. */
    static void appendString(StringBuilder to, String text) {
        if (text == null) {
            to.append("null");
            return;
        }
        to.append('"');
        int length = text.length();
        int plainFrom = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= CONTROL_CHARACTERS_END && c != '"' && c != '\\') {
                continue;
            }
            // Copy the run of plain characters at once, then the escape.
            to.append(text, plainFrom, i);
            appendEscape(to, c);
            plainFrom = i + 1;
        }
        to.append(text, plainFrom, length).append('"');
    }

    /**
     * Appends a key-value's value: numbers and booleans bare, everything else as a string of its
     * {@code toString}. Only number types whose text is always a JSON number are left bare.
     */
    static void appendValue(StringBuilder to, Object value) {
        switch (value) {
            case null -> to.append("null");
            case Boolean b -> to.append(b.booleanValue());
            case Integer i -> to.append(i.intValue());
            case Long l -> to.append(l.longValue());
            case Short s -> to.append(s.shortValue());
            case Byte b -> to.append(b.byteValue());
            case BigInteger big -> to.append(big);
            case BigDecimal decimal -> to.append(decimal);
            case Double d when Double.isFinite(d) -> to.append(d.doubleValue());
            case Float f when Float.isFinite(f) -> to.append(f.floatValue());
            default -> appendString(to, value.toString());
        }
    }

    private static void appendEscape(StringBuilder to, char c) {
        switch (c) {
            case '"' -> to.append("\\\"");
            case '\\' -> to.append("\\\\");
            case '\n' -> to.append("\\n");
            case '\r' -> to.append("\\r");
            case '\t' -> to.append("\\t");
            default -> to.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
        }
    }
}
