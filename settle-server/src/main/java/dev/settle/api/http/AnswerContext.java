package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.json.JsonWriter;
import dev.settle.api.version.ApiVersions;

/**
 * What an answer depends on besides what it answers: the version it is written in and the request
 * id its errors carry. Both are data, so an answer rendered from a command's outcome while its batch
 * is applied is the same wherever (and however often) it is rendered.
 */
public record AnswerContext(String apiVersion, String requestId) {
    /** A JSON answer in this version ({@code tree} is changed to the version's shapes). */
    public ApiResponse json(int status, Object tree) {
        ApiVersions.downgradeAnswer(apiVersion, tree);
        return new ApiResponse(status, JsonWriter.write(tree));
    }

    public ApiResponse error(ApiException e) {
        return ErrorBodies.of(e, requestId);
    }
}
