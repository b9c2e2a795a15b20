package dev.settle.cli;

/** Puts back the built-in logging after a bench moved the log to a file in its directory. */
final class BuiltInLogging {
    private BuiltInLogging() {}

    static void restore() {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
        } catch (Exception e) {
            throw new IllegalStateException("logging cannot be configured again", e);
        }
    }
}
