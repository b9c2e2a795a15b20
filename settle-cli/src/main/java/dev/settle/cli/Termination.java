package dev.settle.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a request to stop, so the server can finish its work and exit 0
 * (a JVM shutdown hook alone would exit with 143). sun.misc.Signal is in the jdk.unsupported
 * module, which exists precisely for this.
 */
final class Termination {
    private Termination() {}

    static void onSignal(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop.run());
        }
    }
}
