package dev.settle.bench;

import java.util.Locale;

/**
 * Builds one line of compact JSON (numbers, strings, nested objects) for machine-readable results
 * (bench and command line alike): fractions with three decimals; needs no library.
 */
public final class JsonLine {
    private final StringBuilder out = new StringBuilder().append('{');
    private boolean first = true;

    public JsonLine field(String name, long value) {
        key(name).append(value);
        return this;
    }

    public JsonLine field(String name, double value) {
        key(name).append(String.format(Locale.ROOT, "%.3f", value));
        return this;
    }

    public JsonLine field(String name, String value) {
        key(name).append('"');
        escape(value);
        out.append('"');
        return this;
    }

    public JsonLine field(String name, JsonLine nested) {
        key(name).append(nested);
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private StringBuilder key(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        out.append('"');
        escape(name);
        return out.append("\":");
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
