package dev.settle.api;

import dev.settle.api.error.ApiException;
import dev.settle.api.error.ErrorType;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.ErrorBodies;
import dev.settle.health.Readiness;
import dev.settle.api.guard.BodyReader;
import dev.settle.api.guard.ConnectionLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands Jetty's requests to the {@link ApiDispatcher} (on a virtual thread) and writes its answers.
 * A body is read only when the dispatcher asks for it, within its deadline; a body nobody read
 * (a request refused on its headers: 401, 404, 413, 429, …) is never waited for: what has
 * already arrived is dropped, and if more is to come the connection is closed after the answer.
 */
final class JettyAdapter extends Handler.Abstract {
    static final String CONTENT_TYPE_JSON = "application/json";
    private final ConnectionLimits limits;
    private volatile ApiDispatcher dispatcher;

    JettyAdapter(ConnectionLimits limits) {
        super(InvocationType.BLOCKING);
        this.limits = limits;
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
                name -> request.getHeaders().get(name), peer(request), request.getLength(),
                new ApiDispatcher.BodySource() {
                    @Override
                    public byte[] read(int bytesMax) throws java.io.IOException {
                        byte[] body = BodyReader.read(request, bytesMax, limits);
                        bodyRead[0] = true;
                        return body;
                    }

                    @Override
                    public java.io.InputStream stream(long bytesMax) throws java.io.IOException {
                        return new java.io.FilterInputStream(BodyReader.stream(request, bytesMax, limits)) {
                            @Override
                            public int read(byte[] into, int offset, int length) throws java.io.IOException {
                                int n = super.read(into, offset, length);
                                bodyRead[0] |= n < 0;
                                return n;
                            }
                        };
                    }
                });
        ApiDispatcher.Outgoing out = dispatcher.dispatch(incoming);
        ApiResponse answer = out.response();
        if (!bodyRead[0] && !BodyReader.dropArrived(request)) {
            // More of an unread body is to come: the connection cannot carry another request.
            answer = answer.withHeader("Connection", "close");
        }
        write(response, answer, out.requestId(), out.apiVersion(), callback);
        return true;
    }

    private static InetAddress peer(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress inet
                ? inet.getAddress() : null;
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
}
