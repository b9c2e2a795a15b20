/**
 * Settle as one process: {@link dev.settle.server.SettleServer} opens the store, loads tenants,
 * starts the pods, the webhook relay and the API in order and closes them in reverse;
 * {@link dev.settle.server.ServerConfig} holds and checks every setting it starts with. The top of
 * the server: it depends on every feature and nothing depends on it.
 */
package dev.settle.server;
