package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * {@code name=value&name=value} with %-escapes: a query string, or a form body. Empty pairs are
 * skipped; a name without {@code =} has the empty value.
 */
public final class UrlEncoding {
    private UrlEncoding() {}

    /**
     * Hands each decoded pair to {@code pair}, in order; a bad %-escape is a 400 with
     * {@code errorCode} and {@code what} named in its message.
     */
    public static void forEachPair(String raw, String errorCode, String what, BiConsumer<String, String> pair) {
        for (String item : raw.split("&", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = decode(eq < 0 ? item : item.substring(0, eq), errorCode, what);
            pair.accept(name, eq < 0 ? "" : decode(item.substring(eq + 1), errorCode, what));
        }
    }

    private static String decode(String text, String errorCode, String what) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(errorCode, what + " is not valid URL encoding", null);
        }
    }
}
