package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.health.Readiness;
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
    /** The most of an unread body drained to keep a connection open. */
    static final int DRAIN_BYTES_MAX = 64 * 1024;
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
        boolean[] bodyRead = {false};
        ApiDispatcher.Incoming incoming = new ApiDispatcher.Incoming(request.getMethod(),
                request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                name -> request.getHeaders().get(name), bytesMax -> {
                    bodyRead[0] = true;
                    return readBody(request, bodyRead, bytesMax);
                });
        ApiDispatcher.Outgoing out = dispatcher.dispatch(incoming);
        ApiResponse answer = out.response();
        if (!bodyRead[0] && !drain(request)) {
            // An unread body we would not drain: the connection cannot carry another request.
            answer = answer.withHeader("Connection", "close");
        }
        write(response, answer, out.requestId(), out.apiVersion(), callback);
        return true;
    }

    /**
     * Reads and drops a body nobody read (refused before reading: 401, 404, 415, …), so the
     * connection stays usable; true when done, false when it is too large to bother.
     */
    private static boolean drain(Request request) {
        long declared = request.getLength();
        if (declared == 0) {
            return true;
        }
        if (declared > DRAIN_BYTES_MAX) {
            return false;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.skip(DRAIN_BYTES_MAX + 1) <= DRAIN_BYTES_MAX && in.read() < 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void answerWhileStarting(String path, Response response, Callback callback) {
        String requestId = RequestIds.next();
        ApiResponse answer = path.equals("/health/live") ? SettleApi.live()
                : path.equals("/health/ready") ? SettleApi.ready(Readiness.starting())
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

    /** Reads a body up to its limit; {@code read[0]} stays true only when it was read to its end. */
    private static byte[] readBody(Request request, boolean[] read, int bytesMax) throws java.io.IOException {
        long declared = request.getLength();
        if (declared > bytesMax) {
            read[0] = false;
            throw new ApiDispatcher.BodyTooLargeException();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // The usual case: read exactly the declared length into one array.
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw new java.io.EOFException("the body ended before its Content-Length");
                }
                return body;
            }
            byte[] body = in.readNBytes(bytesMax + 1);
            if (body.length > bytesMax) {
                read[0] = false;
                throw new ApiDispatcher.BodyTooLargeException();
            }
            return body;
        }
    }
}
