package dev.settle.cli;

import dev.settle.store.StoreException;
import dev.settle.verify.StateChecksum;
import dev.settle.verify.StoreVerifier;
import dev.settle.verify.VerifyReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code settle verify}: checks every invariant over a data directory, read-only. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = {
    "Check every ledger invariant over a data directory (read-only; safe while the server runs),",
    "and that its secrets are not readable: owner-only modes, no webhook secret in plaintext.",
    "Exit 0 when all checks pass, 1 when any fails or the directory cannot be read."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $SETTLE_DATA or ./data).")
    Path data;

    @Option(names = "--checksum", description = {
            "Also print a checksum of the replicated state: replicas at the same applied index must",
            "print the same one."})
    boolean checksum;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path directory = DataDirectory.resolve(data);
        long started = System.nanoTime();
        VerifyReport report;
        try {
            report = StoreVerifier.verify(directory);
            if (checksum) {
                StateChecksum sum = StoreVerifier.checksum(directory);
                spec.commandLine().getOut().printf("checksum %s (%,d records)%n", sum.sha256(), sum.records());
            }
        } catch (StoreException e) {
            spec.commandLine().getErr().println("settle verify: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        spec.commandLine().getOut().printf("settle verify %s (%d ms)%n%s", directory,
                (System.nanoTime() - started) / 1_000_000, report.render());
        return report.passed() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
