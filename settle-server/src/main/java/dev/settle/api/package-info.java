/**
 * The HTTP API v1 (docs/api.md): the top of the server. {@link dev.settle.api.SettleApi} wires
 * every route to its resource; {@link dev.settle.api.ApiDispatcher} runs the request pipeline
 * (route, authenticate, version, body, idempotency claim, traffic control, operation) and turns
 * every failure into the error object; {@link dev.settle.api.ApiServer} and
 * {@link dev.settle.api.JettyAdapter} put it on Jetty. Below it: the resources ({@code api.accounts},
 * {@code api.transfers}, ...), then {@code api.http} (what every resource works with), then
 * {@code api.json}, {@code api.version}, {@code api.idempotency}, then {@code api.error}.
 */
package dev.settle.api;
