package dev.settle.cli;

import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code settle}: the entry point. */
@Command(name = "settle", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Settle: a self-hosted payments ledger.",
        subcommands = {ServeCommand.class, ClusterCommand.class, BenchCommand.class, VerifyCommand.class,
                VersionCommand.class, ProcessorSimCommand.class, ReconcileCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // java.util.logging (the OTLP exporter, the PostgreSQL driver) into the JSON log lines.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output and error streams (tests capture them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("settle: " + e.getMessage());
            return EXIT_FAILED;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve, cluster, bench, verify or version");
    }
}
