package dev.settle.api.admin;

import dev.settle.api.http.ApiRequest;
import dev.settle.api.json.Params;
import java.util.Map;

/** The bodies of admin actions that take few or no parameters: none at all, or a JSON object. */
final class AdminBodies {
    private AdminBodies() {}

    /** The body's fields (none when it is empty), refusing any but {@code allowed}. */
    static Params of(ApiRequest request, String... allowed) {
        Params p = Params.of(request.bodyIsEmpty() ? Map.of() : request.jsonObject());
        return p.allowOnly(allowed);
    }

    /** Refuses a body with any field (an empty body or {@code {}} is fine). */
    static void none(ApiRequest request) {
        of(request).finish();
    }
}
