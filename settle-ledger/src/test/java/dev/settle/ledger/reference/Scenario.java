package dev.settle.ledger.reference;

import java.util.List;

/**
 * A generated run: batches of commands, each at a time after the previous one, some followed by
 * a crash.
 */
public record Scenario(List<Step> steps) {
    public static final long START_NANOS = 1_700_000_000_000_000_000L;

    /** What happens to the process after a batch. */
    public enum Crash {
        NONE,
        /** Restart after every written batch is durable. */
        AFTER_DURABLE,
        /** Restart while the last batch is still being written: its effects must vanish. */
        LOSING_IN_FLIGHT
    }

    /** One batch: the clock advances, the commands run, then maybe a crash. */
    public record Step(long advanceNanos, List<Command> commands, Crash crash) {}

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Step step : steps) {
            s.append("+").append(step.advanceNanos() / 1_000_000).append("ms ");
            s.append(step.commands()).append(step.crash() == Crash.NONE ? "" : " CRASH " + step.crash()).append('\n');
        }
        return s.toString();
    }
}
