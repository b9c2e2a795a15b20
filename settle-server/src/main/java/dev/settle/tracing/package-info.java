/**
 * Tracing: W3C Trace Context in and out, and OpenTelemetry spans when an OTLP endpoint is set.
 *
 * <p>A request's {@code traceparent} (or, when spans are exported and the trace is sampled, the
 * request's own server span) becomes a {@link dev.settle.tracing.RequestTrace}, which the pod
 * attaches to the request's submission: the pod times its stages in it and stores its context with
 * the events the submission caused, so that webhook deliveries of those events carry it on, after
 * any crash and restart. Export is off by default; then no SDK object exists and an untraced
 * request costs a null check.
 */
package dev.settle.tracing;
