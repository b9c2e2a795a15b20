/**
 * Metrics served at {@code /metrics} in the Prometheus text format (docs/operations.md): one
 * registry per process, meters named {@code settle_*} in base units, labels with few values
 * (routes, status codes, result codes, pods), never ids or secrets.
 */
package dev.settle.metrics;
