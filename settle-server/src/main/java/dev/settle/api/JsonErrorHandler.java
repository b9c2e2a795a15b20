package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.api.version.ApiVersions;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (a request line it cannot parse, an ambiguous URI, a header too
 * large) answered with the API's error object instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    /**
     * Jetty writes an error page only for GET, POST and HEAD ({@link ErrorHandler#ERROR_METHODS})
     * and answers every other method with a bare status: no body, no Request-Id. The API's error
     * object is the answer whatever the method.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String requestId = RequestIds.next();
        // Jetty refused before anyone read the body: the connection cannot carry another request.
        JettyAdapter.write(response, answer(code, requestId).withHeader("Connection", "close"), requestId,
                ApiVersions.CURRENT, callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = RequestIds.next();
        fields.put(HttpHeader.CONTENT_TYPE, JettyAdapter.CONTENT_TYPE_JSON);
        fields.put("Request-Id", requestId);
        return ByteBuffer.wrap(answer(status, requestId).body());
    }

    private static ApiResponse answer(int status, String requestId) {
        ErrorType type = status >= 500 ? ErrorType.API : ErrorType.INVALID_REQUEST;
        String code = status >= 500 ? "internal_error" : status == 413 ? "body_too_large"
                : status == 431 ? "headers_too_large" : "bad_request";
        return ErrorBodies.of(new ApiException(status, type, code,
                "the HTTP server refused the request (status " + status + ")", null), requestId);
    }
}
