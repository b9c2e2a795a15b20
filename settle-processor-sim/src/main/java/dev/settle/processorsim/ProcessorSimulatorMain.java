package dev.settle.processorsim;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the processor simulator as its own process ({@code settle processor-sim}), so that it can
 * be killed and restarted independently of the payments server, as a real processor outage
 * would be. Prints {@code processor-sim listening on http://127.0.0.1:PORT} once ready and runs
 * until SIGTERM (or Ctrl-C), when it closes its log.
 *
 * <p>Exit codes: 0 after {@code --help}, 1 if it cannot start (port taken, unreadable log), 2 on
 * a bad command line; on SIGTERM the JVM's own (143), after the log is closed.
 */
public final class ProcessorSimulatorMain {
    private static final int EXIT_CANNOT_START = 1;
    private static final int EXIT_USAGE = 2;

    private ProcessorSimulatorMain() {}

    public static void main(String[] args) {
        if (MainArguments.wantsHelp(args)) {
            System.out.println(MainArguments.USAGE);
            return;
        }
        SimulatorConfig config;
        try {
            config = MainArguments.parse(args);
        } catch (MainArguments.UsageException e) {
            System.err.println("processor-sim: " + e.getMessage());
            System.err.println(MainArguments.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        ProcessorSimulator simulator;
        try {
            simulator = ProcessorSimulator.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("processor-sim: cannot start: " + e.getMessage());
            System.exit(EXIT_CANNOT_START);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "processor-sim-shutdown"));
        System.out.println("processor-sim listening on " + simulator.baseUri());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
