/**
 * HTTPS for the API server (docs/decisions/0011): {@link dev.settle.api.tls.TlsIdentity} reads the
 * operator's PEM certificate chain and private key, checks that they belong together and are in
 * date, and holds them in an in-memory key store; {@link dev.settle.api.tls.TlsConnections} builds
 * Jetty's connection factories, plain HTTP/1.1 or TLS 1.2+ with ALPN choosing HTTP/2 or HTTP/1.1;
 * {@link dev.settle.api.tls.HandshakeDeadline} closes a connection whose handshake takes too long.
 * It depends on Jetty and the JDK only.
 */
package dev.settle.api.tls;
