package dev.settle.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Immutable copies for the list and map components of the records; absent means empty. */
final class RecordValues {
    private RecordValues() {}

    static List<String> list(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static Map<String, String> map(Map<String, String> values) {
        return values == null ? Map.of() : Map.copyOf(values);
    }

    /** The list with the value appended, unless it is there already. */
    static List<String> withAdded(List<String> values, String value) {
        Objects.requireNonNull(value, "value");
        if (values.contains(value)) {
            return values;
        }
        List<String> copy = new ArrayList<>(values);
        copy.add(value);
        return List.copyOf(copy);
    }
}
