package dev.settle.request;

import java.util.List;

/**
 * Observes requests as the dispatcher runs them (metrics, access log, traces). Called on the
 * request's thread; each call must be quick and must not throw.
 */
public interface RequestListener {
    /** The request arrived: its id, method and {@code traceparent} are known. */
    default void started(RequestContext request) {}

    /** The answer is ready: its status and duration are known. Always called once after {@link #started}. */
    default void completed(RequestContext request) {}

    /** Calls each listener in order ({@code completed} in reverse, like nested scopes). */
    static RequestListener all(List<RequestListener> listeners) {
        List<RequestListener> inOrder = List.copyOf(listeners);
        List<RequestListener> reversed = inOrder.reversed();
        return new RequestListener() {
            @Override
            public void started(RequestContext request) {
                for (RequestListener listener : inOrder) {
                    listener.started(request);
                }
            }

            @Override
            public void completed(RequestContext request) {
                for (RequestListener listener : reversed) {
                    listener.completed(request);
                }
            }
        };
    }
}
