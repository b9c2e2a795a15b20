/**
 * The workloads behind {@code settle bench}: {@link dev.settle.bench.TransferWorkload} generates
 * the same deterministic transfer stream for both sides, {@link dev.settle.bench.SettleBench}
 * runs it against an in-process pod, and {@link dev.settle.bench.PostgresBaseline} against a
 * textbook PostgreSQL row-lock ledger. Both time every submission into a
 * {@link dev.settle.bench.LatencyRecorder}.
 */
package dev.settle.bench;
