/**
 * The bottom of the request path: what observers (metrics, access log, traces) learn about one
 * request ({@link dev.settle.request.RequestContext}) and the listener interface they implement.
 * It depends on nothing of the server, so every feature may observe requests without depending
 * on the API that serves them.
 */
package dev.settle.request;
