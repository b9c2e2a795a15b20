package dev.settle.api.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.UrlEncoding;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body in Stripe's bracket notation, as a tree:
 * {@code metadata[order]=A-17} is {@code {metadata: {order: "A-17"}}}, {@code expand[]=a&expand[]=b}
 * and {@code expand[0]=a} are lists. Every leaf is a string; the operation reads it as the type it
 * expects. A name given twice, a malformed bracket or bad UTF-8 is a 400.
 */
final class FormBody {
    /** Nesting Stripe's parameters need (metadata[key], payment_method_options[card][x]). */
    static final int DEPTH_MAX = 4;
    static final int FIELDS_MAX = 256;

    private FormBody() {}

    static Map<String, Object> parse(byte[] body) {
        String text = utf8(body);
        Map<String, Object> root = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return root;
        }
        int[] fields = {0};
        UrlEncoding.forEachPair(text, "parameter_invalid", "the form body", (name, value) -> {
            if (++fields[0] > FIELDS_MAX) {
                throw ApiException.invalid("parameter_invalid", "a form body has at most " + FIELDS_MAX + " fields",
                        null);
            }
            put(root, path(name), value, name);
        });
        return root;
    }

    /** {@code a[b][]} → ["a", "b", ""]. */
    private static List<String> path(String name) {
        int open = name.indexOf('[');
        List<String> path = new ArrayList<>();
        path.add(open < 0 ? name : name.substring(0, open));
        int at = open;
        while (at >= 0 && at < name.length()) {
            int close = name.indexOf(']', at);
            if (name.charAt(at) != '[' || close < 0) {
                throw malformed(name);
            }
            path.add(name.substring(at + 1, close));
            at = close + 1;
        }
        if (path.get(0).isEmpty() || path.size() > DEPTH_MAX) {
            throw malformed(name);
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value, String name) {
        Object node = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            boolean nextIsList = !last && isIndex(path.get(i + 1));
            Object child = last ? value : nextIsList ? new ArrayList<>() : new LinkedHashMap<>();
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> m = (Map<String, Object>) map;
                Object existing = m.get(segment);
                if (existing == null) {
                    m.put(segment, child);
                    existing = child;
                } else if (last || (nextIsList != existing instanceof List)) {
                    throw ApiException.invalid("parameter_invalid", "the form gives " + name + " twice", name);
                }
                node = existing;
            } else if (node instanceof List<?> list && isIndex(segment)) {
                List<Object> l = (List<Object>) list;
                int index = segment.isEmpty() ? l.size() : Integer.parseInt(segment);
                if (index != l.size()) {
                    throw ApiException.invalid("parameter_invalid", name + " skips or repeats a list index", name);
                }
                l.add(child);
                node = child;
            } else {
                throw malformed(name);
            }
        }
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty()) {
            return true;
        }
        if (segment.length() > 3) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("parameter_invalid", "the body is not valid UTF-8", null);
        }
    }

    private static ApiException malformed(String name) {
        return ApiException.invalid("parameter_invalid", "malformed parameter name " + name, null);
    }
}
