package dev.settle.cli;

import java.util.Locale;

/**
 * Builds one line of JSON for machine-readable results (numbers, strings, nested objects); the
 * only JSON the command line writes, so it needs no library.
 */
final class JsonLine {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    JsonLine() {
        out.append('{');
    }

    JsonLine field(String name, long value) {
        key(name).append(value);
        return this;
    }

    JsonLine field(String name, double value) {
        key(name).append(String.format(Locale.ROOT, "%.3f", value));
        return this;
    }

    JsonLine field(String name, String value) {
        key(name).append('"').append(escape(value)).append('"');
        return this;
    }

    JsonLine field(String name, JsonLine nested) {
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
        return out.append('"').append(escape(name)).append("\":");
    }

    private static String escape(String s) {
        StringBuilder escaped = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
