/**
 * JMH micro-benchmarks of the pure state machine ({@code dev.settle.ledger.LedgerEngine}): no
 * store, no network, no clock, just batches of transfers applied in memory.
 *
 * <p>Entry point: {@link dev.settle.jmh.LedgerEngineBenchmark}. The workloads
 * ({@link dev.settle.jmh.TransferWorkload}, {@link dev.settle.jmh.TwoPhaseWorkload}) build their
 * accounts and pre-fill their batches before measuring, and check every measured batch for
 * failures, so a benchmark can never report the speed of rejections. See {@code README.md}.
 */
package dev.settle.jmh;
