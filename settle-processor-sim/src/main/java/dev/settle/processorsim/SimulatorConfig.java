package dev.settle.processorsim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link ProcessorSimulator} runs: where it listens, where it keeps its operations log, and
 * how badly it behaves. The failure knobs exist so that the payments server can be tested against
 * a processor that is slow, unavailable, or performs a request and then loses the answer, which
 * is what real processors do.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks any free port
 * @param dataDir the directory holding {@code operations.jsonl}; created if missing
 * @param latencyMillis added to every request
 * @param errorRate the fraction of mutating requests answered 503 before anything is done
 * @param lostAnswerRate the fraction of mutating requests performed and recorded, then left
 *     without an answer (the connection is closed)
 * @param slowMillis how long the slow test card takes to answer
 * @param seed the seed of the random draws behind the two rates, for reproducible runs
 */
public record SimulatorConfig(
        int port,
        Path dataDir,
        long latencyMillis,
        double errorRate,
        double lostAnswerRate,
        long slowMillis,
        long seed) {

    /** The highest TCP port. */
    public static final int PORT_MAX = 65_535;
    /** The slow card's delay unless told otherwise. */
    public static final long SLOW_MILLIS_DEFAULT = 2_000;
    /** The seed of the rates unless told otherwise. */
    public static final long SEED_DEFAULT = 1;

    public SimulatorConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > PORT_MAX) {
            throw new IllegalArgumentException("port must be between 0 and " + PORT_MAX + ": " + port);
        }
        requireNonNegative("latencyMillis", latencyMillis);
        requireNonNegative("slowMillis", slowMillis);
        requireFraction("errorRate", errorRate);
        requireFraction("lostAnswerRate", lostAnswerRate);
    }

    /** A well-behaved processor on any free port, keeping its log in {@code dataDir}. */
    public static SimulatorConfig defaults(Path dataDir) {
        return new SimulatorConfig(0, dataDir, 0, 0, 0, SLOW_MILLIS_DEFAULT, SEED_DEFAULT);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, dataDir, latencyMillis, errorRate, lostAnswerRate, slowMillis, seed);
    }

    public SimulatorConfig withDataDir(Path newDataDir) {
        return new SimulatorConfig(port, newDataDir, latencyMillis, errorRate, lostAnswerRate, slowMillis, seed);
    }

    public SimulatorConfig withLatencyMillis(long newLatencyMillis) {
        return new SimulatorConfig(port, dataDir, newLatencyMillis, errorRate, lostAnswerRate, slowMillis, seed);
    }

    public SimulatorConfig withErrorRate(double newErrorRate) {
        return new SimulatorConfig(port, dataDir, latencyMillis, newErrorRate, lostAnswerRate, slowMillis, seed);
    }

    public SimulatorConfig withLostAnswerRate(double newLostAnswerRate) {
        return new SimulatorConfig(port, dataDir, latencyMillis, errorRate, newLostAnswerRate, slowMillis, seed);
    }

    public SimulatorConfig withSlowMillis(long newSlowMillis) {
        return new SimulatorConfig(port, dataDir, latencyMillis, errorRate, lostAnswerRate, newSlowMillis, seed);
    }

    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(port, dataDir, latencyMillis, errorRate, lostAnswerRate, slowMillis, newSeed);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + value);
        }
    }
}
