/**
 * What the server logs about requests, through the SLF4J API only: one access log line when a
 * request is answered, and the request's ids for the appender to add to any other line logged
 * while it runs. The binding and the line format (JSON, one event per line) belong to the
 * executable, not here.
 *
 * <p>Nothing here ever logs a header, a query string or a body: those carry API keys, the admin
 * token and webhook secrets. Routes are logged as templates, never as raw paths.
 */
package dev.settle.logs;
