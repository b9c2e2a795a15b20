package dev.settle.api.json;

import dev.settle.api.error.ApiException;
import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict access to one JSON object of a request. Every getter names the offending
 * parameter by its full path ({@code transfers[3].amount}) in its 400; {@link #finish()}
 * refuses any field no getter asked for. An explicit null counts as absent.
 */
public final class Params {
    private final Map<String, Object> object;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private Params(Map<String, Object> object, String path) {
        this.object = object;
        this.path = path;
    }

    public static Params of(Map<String, Object> object) {
        return new Params(object, "");
    }

    /**
     * Refuses, before any other check, a field outside {@code names}: a misspelt field is
     * reported as unknown rather than as a missing one.
     */
    public Params allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (String name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.unknown(param(name));
            }
        }
        return this;
    }

    /** This object's path in the request ("" for the body itself). */
    public String path() {
        return path;
    }

    /** The object itself, for rewriting before it is read (version changes). */
    public Map<String, Object> fields() {
        return object;
    }

    /** The full name of a field of this object, for errors. */
    public String param(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        return object.get(name) != null;
    }

    private Object value(String name) {
        read.add(name);
        return object.get(name);
    }

    private Object required(String name) {
        Object value = value(name);
        if (value == null) {
            throw ApiException.missing(param(name));
        }
        return value;
    }

    public String string(String name) {
        Object value = value(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.badValue(param(name), "must be a string");
        }
        return s;
    }

    /** A boolean, or null when absent. */
    public Boolean bool(String name) {
        Object value = value(name);
        if (value != null && !(value instanceof Boolean)) {
            throw ApiException.badValue(param(name), "must be true or false");
        }
        return (Boolean) value;
    }

    public String requireString(String name) {
        required(name);
        return string(name);
    }

    /** A UUID, or null when absent. */
    public UInt128 uuid(String name) {
        String text = string(name);
        return text == null ? null : usableUuid(text, param(name));
    }

    /** The id in {@code text}; 400 naming {@code param} when it is not a usable UUID. */
    private static UInt128 usableUuid(String text, String param) {
        UInt128 id = Ids.parseOrNull(text);
        if (id == null) {
            throw ApiException.badValue(param, "must be a UUID (8-4-4-4-12 hex digits)");
        }
        if (id.isZero() || id.isMax()) {
            throw ApiException.badValue(param, "must not be the nil or the max UUID");
        }
        return id;
    }

    public UInt128 requireUuid(String name) {
        required(name);
        return uuid(name);
    }

    /** An amount (number or decimal string, 0..2^128-1), or null when absent. */
    public UInt128 amount(String name) {
        Object value = value(name);
        return value == null ? null : Amounts.parse(value, param(name));
    }

    public UInt128 requireAmount(String name) {
        required(name);
        return amount(name);
    }

    /** An integer in {@code min..max}, or {@code absent}. */
    public long integer(String name, long min, long max, long absent) {
        Object value = value(name);
        if (value == null) {
            return absent;
        }
        if (value instanceof BigDecimal) {
            throw ApiException.badValue(param(name), "must be an integer");
        }
        if (!(value instanceof BigInteger i)) {
            throw ApiException.badValue(param(name), "must be a number");
        }
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw ApiException.badValue(param(name), "must be between " + min + " and " + max);
        }
        return i.longValueExact();
    }

    /** A list of strings (empty when absent). */
    public List<String> strings(String name) {
        List<Object> items = list(name);
        List<String> strings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw ApiException.badValue(param(name) + "[" + i + "]", "must be a string");
            }
            strings.add(s);
        }
        return strings;
    }

    /** A list (empty when absent). */
    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object value = value(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw ApiException.badValue(param(name), "must be an array");
        }
        return (List<Object>) list;
    }

    public List<Object> requireList(String name) {
        required(name);
        return list(name);
    }

    /** Item {@code index} of list {@code name}, which must be an object. */
    public Params item(String name, List<Object> items, int index) {
        return nested(items.get(index), param(name) + "[" + index + "]");
    }

    /** Item {@code index} of the body's array {@code name}, streamed on its own; it must be an object. */
    public static Params itemOf(String name, Object item, int index) {
        return nested(item, name + "[" + index + "]");
    }

    /** Field {@code name} as an object, or null when absent or JSON null ({@link #present} tells which). */
    public Params object(String name) {
        Object value = value(name);
        return value == null ? null : nested(value, param(name));
    }

    @SuppressWarnings("unchecked")
    private static Params nested(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.badValue(path, "must be an object");
        }
        return new Params((Map<String, Object>) map, path);
    }

    /** True when the field is given, even as JSON null. */
    public boolean present(String name) {
        return object.containsKey(name);
    }

    /** Metadata in its canonical stored form, or null when absent or empty. */
    public byte[] metadata(String name) {
        Object value = value(name);
        return value == null ? null : Metadata.canonical(value, param(name));
    }

    /** Refuses the first field nothing asked for. */
    public void finish() {
        for (String name : object.keySet()) {
            if (!read.contains(name)) {
                throw ApiException.unknown(param(name));
            }
        }
    }
}
