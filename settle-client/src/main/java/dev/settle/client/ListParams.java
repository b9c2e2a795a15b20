package dev.settle.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pagination of a list: how many items and from where. Null components are left to the server
 * (10 items, from the newest).
 *
 * @param limit 1..{@value #LIMIT_MAX} items, or null
 * @param startingAfter a cursor: the items older than this one (an id; for balances a timestamp)
 * @param endingBefore a cursor: the items newer than this one
 */
public record ListParams(Integer limit, String startingAfter, String endingBefore) {
    /** The API's largest page. */
    public static final int LIMIT_MAX = 100;

    public ListParams {
        if (limit != null && (limit < 1 || limit > LIMIT_MAX)) {
            throw new IllegalArgumentException("limit must be 1.." + LIMIT_MAX + ", got " + limit);
        }
        requireNonBlank(startingAfter, "startingAfter");
        requireNonBlank(endingBefore, "endingBefore");
    }

    /** The server's defaults: the 10 newest items. */
    public static ListParams defaults() {
        return new ListParams(null, null, null);
    }

    public static ListParams limit(int limit) {
        return new ListParams(limit, null, null);
    }

    public ListParams withLimit(int newLimit) {
        return new ListParams(newLimit, startingAfter, endingBefore);
    }

    public ListParams withStartingAfter(String cursor) {
        return new ListParams(limit, cursor, endingBefore);
    }

    public ListParams withEndingBefore(String cursor) {
        return new ListParams(limit, startingAfter, cursor);
    }

    /** The query string, with its leading {@code ?}, or an empty string. */
    String toQuery() {
        List<String> pairs = new ArrayList<>();
        if (limit != null) {
            pairs.add("limit=" + limit);
        }
        if (startingAfter != null) {
            pairs.add("starting_after=" + URLEncoder.encode(startingAfter, StandardCharsets.UTF_8));
        }
        if (endingBefore != null) {
            pairs.add("ending_before=" + URLEncoder.encode(endingBefore, StandardCharsets.UTF_8));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private static void requireNonBlank(String cursor, String name) {
        if (cursor != null && cursor.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
