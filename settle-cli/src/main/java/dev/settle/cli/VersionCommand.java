package dev.settle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code settle version}. */
@Command(name = "version", description = "Print the version of Settle and of its store format.")
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("settle " + version() + " (store format "
                + dev.settle.store.StoreLayout.FORMAT + ", Java " + Runtime.version() + ")");
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/settle-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** For {@code settle --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"settle " + version()};
        }
    }
}
