/**
 * Defences of the HTTP server against hostile or careless clients: deadlines for headers and
 * bodies, caps on connections (in all and per address), bodies read against their deadline and
 * never waited for when unread, who the client is behind a trusted proxy, and the throttle on
 * wrong keys. docs/security.md is the threat model these answer.
 */
package dev.settle.api.guard;
