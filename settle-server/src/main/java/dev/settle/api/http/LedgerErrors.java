package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import java.util.Locale;

/** A ledger result code as an API error: 409 for the same id with a different body, else 422. */
public final class LedgerErrors {
    private static final String CONFLICT_PREFIX = "exists_with_different_";

    private LedgerErrors() {}

    public static ApiException of(String resultCode, String param) {
        boolean conflict = resultCode.startsWith(CONFLICT_PREFIX);
        String message = conflict
                ? "an object with this id exists with a different " + resultCode.substring(CONFLICT_PREFIX.length())
                        .replace('_', ' ') + "; use a new id for a new object"
                : "the ledger refused it: " + resultCode.replace('_', ' ').toLowerCase(Locale.ROOT);
        return new ApiException(conflict ? 409 : 422, ErrorType.LEDGER, resultCode, message, param);
    }
}
