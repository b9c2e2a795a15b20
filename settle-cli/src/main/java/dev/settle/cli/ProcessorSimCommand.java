package dev.settle.cli;

import dev.settle.processorsim.ProcessorSimulatorMain;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code settle processor-sim}: the simulated card processor, as its own process with its own
 * durable log (settle-processor-sim/README.md); Settle charges through it with
 * {@code settle serve --processor-url http://127.0.0.1:PORT}.
 */
@Command(name = "processor-sim",
        description = {"Run the simulated card processor (test cards, latency, errors, lost answers).",
                "Options: --port P --data DIR [--latency-ms N] [--error-rate F] [--lost-answer-rate F]",
                "[--slow-ms N] [--seed N]; --help lists them."})
final class ProcessorSimCommand implements Runnable {
    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public void run() {
        ProcessorSimulatorMain.main(arguments.toArray(String[]::new));
    }
}
