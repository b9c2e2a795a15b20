package dev.settle.tracing;

import java.net.URI;

/**
 * The trace context of webhook delivery attempts: what each attempt sends as its
 * {@code traceparent} header, so that a receiver can join the trace of the request that caused
 * the event.
 */
public interface DeliveryTracing {
    /**
     * Spans are not exported: an event's stored context is sent as it is (the receiver's parent
     * is then the request's caller, or the request's span when that was recorded); an event
     * without one is sent without the header.
     */
    DeliveryTracing PASS_THROUGH = (stored, eventId, eventType, attempt, target) ->
            stored == null ? Attempt.UNTRACED : new PassedOn(stored.format());

    /**
     * Starts the trace of one attempt.
     *
     * @param stored the context stored with the event, or null (an event no traced request caused)
     * @param attempt the attempt's number, from 1
     * @param target the endpoint's URL: only its host and port may be recorded, never its path or
     *     query, which may hold a receiver's token
     */
    Attempt begin(TraceParent stored, String eventId, String eventType, int attempt, URI target);

    /** One attempt's trace. */
    interface Attempt {
        /** An attempt that sends no {@code traceparent}. */
        Attempt UNTRACED = new PassedOn(null);

        /** The {@code traceparent} header to send, or null for none. */
        String traceparent();

        /** The attempt is over: the receiver's HTTP status, or 0 and a short error without one. */
        void end(int statusCode, String error);
    }

    /** A context passed on unchanged: nothing to record. */
    record PassedOn(String traceparent) implements Attempt {
        @Override
        public void end(int statusCode, String error) {
            // Nothing was started.
        }
    }
}
