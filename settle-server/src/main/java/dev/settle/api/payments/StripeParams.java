package dev.settle.api.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.json.Metadata;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a payments request, from a JSON body or a form body in Stripe's bracket
 * notation (what Stripe's client libraries send): integers and booleans may come as JSON values
 * or as the strings a form carries. Unknown parameters are refused, except the few of Stripe's
 * that change nothing here ({@link #IGNORED}).
 */
final class StripeParams {
    /** Stripe parameters a client may send that Settle accepts and ignores (cards are its only method). */
    static final Set<String> IGNORED = Set.of("expand", "payment_method_types", "automatic_payment_methods",
            "return_url", "use_stripe_sdk", "confirmation_method", "payment_method_options");
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Map<String, Object> fields;
    private final Set<String> read = new HashSet<>();

    private StripeParams(Map<String, Object> fields) {
        this.fields = fields;
    }

    static StripeParams of(ApiRequest request) {
        if (request.bodyIsEmpty()) {
            return new StripeParams(Map.of());
        }
        String type = request.contentType();
        boolean form = type != null && type.regionMatches(true, 0, FORM, 0, FORM.length());
        return new StripeParams(form ? FormBody.parse(request.body()) : request.jsonObject());
    }

    /** Refuses any parameter not read and not in {@link #IGNORED}. */
    void finish() {
        for (String name : fields.keySet()) {
            if (!read.contains(name) && !IGNORED.contains(name)) {
                throw ApiException.unknown(name);
            }
        }
    }

    boolean has(String name) {
        read.add(name);
        return fields.get(name) != null;
    }

    String string(String name, int charsMax) {
        read.add(name);
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.length() > charsMax) {
            throw ApiException.badValue(name, "must be a string of at most " + charsMax + " characters");
        }
        return s;
    }

    Long integer(String name, long min, long max) {
        read.add(name);
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        BigInteger value;
        if (v instanceof BigInteger b) {
            value = b;
        } else if (v instanceof String s && s.matches("-?[0-9]{1,19}")) {
            value = new BigInteger(s);
        } else {
            throw ApiException.badValue(name, "must be an integer from " + min + " to " + max);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw ApiException.badValue(name, "must be an integer from " + min + " to " + max);
        }
        return value.longValueExact();
    }

    boolean bool(String name) {
        read.add(name);
        Object v = fields.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return "true".equals(v);
        }
        throw ApiException.badValue(name, "must be true or false");
    }

    /** One of {@code allowed}, or null when absent. */
    String oneOf(String name, Set<String> allowed) {
        String value = string(name, 64);
        if (value != null && !allowed.contains(value)) {
            throw ApiException.badValue(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return value;
    }

    /** True when {@code name} is given as an empty string (a form's {@code metadata=}: unset it all). */
    boolean emptyString(String name) {
        return "".equals(fields.get(name));
    }

    /**
     * Metadata: string keys and values within Stripe's limits; an empty value removes the key on
     * an update. Null when absent; empty for an empty string (see {@link #emptyString}).
     */
    Map<String, String> metadata(String name) {
        read.add(name);
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if ("".equals(v)) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map) || map.size() > Metadata.KEYS_MAX) {
            throw ApiException.badValue(name, "must be an object of at most " + Metadata.KEYS_MAX + " keys");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            if (key.isEmpty() || key.length() > Metadata.KEY_CHARS_MAX || !(e.getValue() instanceof String value)
                    || value.length() > Metadata.VALUE_CHARS_MAX) {
                throw ApiException.badValue(name + "[" + key + "]", "must be a string of at most "
                        + Metadata.VALUE_CHARS_MAX + " characters under a key of 1 to " + Metadata.KEY_CHARS_MAX);
            }
            out.put(key, value);
        }
        return out;
    }

    /** The {@code expand} list (form {@code expand[]=…} or JSON array), or empty. */
    List<String> expand() {
        Object v = fields.get("expand");
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
