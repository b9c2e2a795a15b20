package dev.settle.api;

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
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        JettyAdapter.write(response, answer(code), RequestIds.next(), ApiVersions.CURRENT, callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JettyAdapter.CONTENT_TYPE_JSON);
        return ByteBuffer.wrap(answer(status).body());
    }

    private static ApiResponse answer(int status) {
        ErrorType type = status >= 500 ? ErrorType.API : ErrorType.INVALID_REQUEST;
        String code = status >= 500 ? "internal_error" : status == 413 ? "body_too_large"
                : status == 431 ? "headers_too_large" : "bad_request";
        return ErrorBodies.of(new ApiException(status, type, code,
                "the HTTP server refused the request (status " + status + ")", null), null);
    }
}
