package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.json.UnsignedDecimal;
import java.util.Set;

/** {@code limit}, {@code starting_after}, {@code ending_before} of a list request. */
public record Pagination(int limit, String startingAfter, String endingBefore) {
    public static final int LIMIT_DEFAULT = 10;
    public static final int LIMIT_MAX = 100;
    /** More digits than {@link #LIMIT_MAX} has cannot be a valid limit (and would overflow an int). */
    private static final int LIMIT_DIGITS_MAX = String.valueOf(LIMIT_MAX).length();
    public static final Set<String> PARAMS = Set.of("limit", "starting_after", "ending_before");

    /** The pagination of a request that takes no other query parameter. */
    public static Pagination of(ApiRequest request) {
        return of(request, Set.of());
    }

    /** The pagination of a request that may also take {@code otherParams}. */
    public static Pagination of(ApiRequest request, Set<String> otherParams) {
        Set<String> allowed = new java.util.HashSet<>(PARAMS);
        allowed.addAll(otherParams);
        request.onlyQuery(allowed);
        String limitText = request.query("limit");
        int limit = LIMIT_DEFAULT;
        if (limitText != null) {
            // Canonical digits only: Integer.parseInt would also take "+5" and "005".
            limit = UnsignedDecimal.isCanonical(limitText) && limitText.length() <= LIMIT_DIGITS_MAX
                    ? Integer.parseInt(limitText) : -1;
            if (limit < 1 || limit > LIMIT_MAX) {
                throw ApiException.badValue("limit", "must be an integer from 1 to " + LIMIT_MAX);
            }
        }
        String after = request.query("starting_after");
        String before = request.query("ending_before");
        if (after != null && before != null) {
            throw ApiException.invalid("parameter_invalid", "give starting_after or ending_before, not both",
                    "ending_before");
        }
        return new Pagination(limit, after, before);
    }

    public static ApiException unknownCursor(String param) {
        return ApiException.badValue(param, "must name an object of this list");
    }
}
