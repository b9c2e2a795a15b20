package dev.settle.cli;

import java.nio.file.Path;

/** Where the data directory is: the option, else $SETTLE_DATA, else ./data. */
final class DataDirectory {
    static final String ENVIRONMENT = "SETTLE_DATA";
    static final String DEFAULT = "data";

    private DataDirectory() {}

    static Path resolve(Path option) {
        if (option != null) {
            return option;
        }
        String fromEnvironment = System.getenv(ENVIRONMENT);
        return Path.of(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : DEFAULT);
    }
}
