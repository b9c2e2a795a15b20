package dev.settle.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code settle version}. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version of Settle and of its store format.")
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("settle " + version() + " (store format "
                + dev.settle.store.StoreLayout.FORMAT + ", Java " + Runtime.version() + ")");
    }

    static String version() {
        return dev.settle.server.BuildInfo.version();
    }

    /** For {@code settle --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"settle " + version()};
        }
    }
}
