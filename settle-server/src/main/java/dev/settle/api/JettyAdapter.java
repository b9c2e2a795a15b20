package dev.settle.api;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Hands Jetty's requests to the {@link ApiDispatcher} (on a virtual thread) and writes its answers. */
final class JettyAdapter extends Handler.Abstract {
    static final String CONTENT_TYPE_JSON = "application/json";
    private volatile ApiDispatcher dispatcher;

    JettyAdapter() {
        super(InvocationType.BLOCKING);
    }

    void serve(ApiDispatcher api) {
        this.dispatcher = api;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiDispatcher dispatcher = this.dispatcher;
        if (dispatcher == null) {
            answerWhileStarting(request.getHttpURI().getPath(), response, callback);
            return true;
        }
        ApiDispatcher.Incoming incoming = new ApiDispatcher.Incoming(request.getMethod(),
                request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                name -> request.getHeaders().get(name), bytesMax -> readBody(request, bytesMax));
        ApiDispatcher.Outgoing out = dispatcher.dispatch(incoming);
        write(response, out.response(), out.requestId(), out.apiVersion(), callback);
        return true;
    }

    private static void answerWhileStarting(String path, Response response, Callback callback) {
        String requestId = RequestIds.next();
        ApiResponse answer = path.equals("/health/live")
                ? new ApiResponse(200, dev.settle.api.json.JsonWriter.write(Map.of("status", "ok")))
                : path.equals("/health/ready")
                        ? new ApiResponse(503, dev.settle.api.json.JsonWriter.write(Map.of("status", "starting")))
                        : ErrorBodies.of(new ApiException(503, ErrorType.API, "starting",
                                "the server is recovering its data; retry in a moment", null), requestId)
                                .withHeader(ApiDispatcher.HEADER_RETRY_AFTER, ApiDispatcher.RETRY_AFTER_SECONDS);
        write(response, answer, requestId, dev.settle.api.version.ApiVersions.CURRENT, callback);
    }

    static void write(Response response, ApiResponse answer, String requestId, String apiVersion, Callback callback) {
        response.setStatus(answer.status());
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE_JSON);
        headers.put("Request-Id", requestId);
        headers.put(ApiDispatcher.HEADER_VERSION, apiVersion);
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            headers.put(new HttpField(h.getKey(), h.getValue()));
        }
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static byte[] readBody(Request request, int bytesMax) throws java.io.IOException {
        long declared = request.getLength();
        if (declared > bytesMax) {
            throw new ApiDispatcher.BodyTooLargeException();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(bytesMax + 1);
            if (body.length > bytesMax) {
                throw new ApiDispatcher.BodyTooLargeException();
            }
            return body;
        }
    }
}
