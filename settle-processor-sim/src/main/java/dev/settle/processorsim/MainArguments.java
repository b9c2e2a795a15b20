package dev.settle.processorsim;

import java.nio.file.Path;

/**
 * Turns the command line of {@code settle processor-sim} into a {@link SimulatorConfig}. Plain
 * parsing, no library: options are {@code --name value} or {@code --name=value}; anything wrong
 * is a {@link UsageException} whose message says what.
 */
final class MainArguments {
    static final String USAGE = """
            usage: processor-sim --data DIR [--port P] [--latency-ms N] [--error-rate F]
                                 [--lost-answer-rate F] [--slow-ms N] [--seed N]
              --data DIR             directory of the operations log (required; created if missing)
              --port P               port on 127.0.0.1 (default 0: any free port)
              --latency-ms N         delay added to every request (default 0)
              --error-rate F         fraction of POSTs answered 503 before anything is done (default 0)
              --lost-answer-rate F   fraction of POSTs performed but left unanswered (default 0)
              --slow-ms N            delay of the slow test card (default 2000)
              --seed N               seed of the random draws behind the rates (default 1)""";

    private static final String PREFIX = "--";

    /** A command line that cannot be run; the message is for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private MainArguments() {}

    /** Whether the user asked for the usage text. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static SimulatorConfig parse(String[] args) throws UsageException {
        Integer port = null;
        Path data = null;
        Long latency = null;
        Double errorRate = null;
        Double lostAnswerRate = null;
        Long slow = null;
        Long seed = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith(PREFIX)) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals >= 0) {
                name = arg.substring(PREFIX.length(), equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(PREFIX.length());
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "port" -> port = once(name, port, (int) number(name, value, 0, SimulatorConfig.PORT_MAX));
                case "data" -> data = once(name, data, path(name, value));
                case "latency-ms" -> latency = once(name, latency, number(name, value, 0, Long.MAX_VALUE));
                case "error-rate" -> errorRate = once(name, errorRate, fraction(name, value));
                case "lost-answer-rate" -> lostAnswerRate = once(name, lostAnswerRate, fraction(name, value));
                case "slow-ms" -> slow = once(name, slow, number(name, value, 0, Long.MAX_VALUE));
                case "seed" -> seed = once(name, seed, number(name, value, Long.MIN_VALUE, Long.MAX_VALUE));
                default -> throw new UsageException("unknown option --" + name);
            }
        }
        if (data == null) {
            throw new UsageException("option --data is required");
        }
        SimulatorConfig config = SimulatorConfig.defaults(data);
        if (port != null) {
            config = config.withPort(port);
        }
        if (latency != null) {
            config = config.withLatencyMillis(latency);
        }
        if (errorRate != null) {
            config = config.withErrorRate(errorRate);
        }
        if (lostAnswerRate != null) {
            config = config.withLostAnswerRate(lostAnswerRate);
        }
        if (slow != null) {
            config = config.withSlowMillis(slow);
        }
        if (seed != null) {
            config = config.withSeed(seed);
        }
        return config;
    }

    private static <T> T once(String name, T previous, T value) throws UsageException {
        if (previous != null) {
            throw new UsageException("option --" + name + " is given twice");
        }
        return value;
    }

    private static long number(String name, String value, long min, long max) throws UsageException {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new UsageException("option --" + name + " must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }

    private static double fraction(String name, String value) throws UsageException {
        double fraction;
        try {
            fraction = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number between 0 and 1, not '" + value + "'");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new UsageException("option --" + name + " must be between 0 and 1, not " + value);
        }
        return fraction;
    }

    private static Path path(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option --" + name + " needs a directory");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("option --" + name + " is not a valid path: " + e.getMessage());
        }
    }
}
