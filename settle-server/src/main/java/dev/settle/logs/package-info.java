/**
 * What the server logs about requests, through the SLF4J API only: the request's ids in the
 * MDC while it runs, and one access log line when it is answered. The binding and the line
 * format (JSON, one event per line) belong to the executable, not here.
 *
 * <p>Nothing here ever logs a header, a query string or a body: those carry API keys, the admin
 * token and webhook secrets. Routes are logged as templates, never as raw paths.
 */
package dev.settle.logs;
