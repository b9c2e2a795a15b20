package dev.settle.processorsim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a simulator on a free port over a temporary directory, and a client for it. */
abstract class SimulatorFixture {
    /** Small enough to keep the tests fast, large enough to measure. */
    static final long SLOW_MILLIS = 150;

    @TempDir
    Path dataDir;

    ProcessorSimulator simulator;
    SimClient client;

    SimulatorConfig config() {
        return SimulatorConfig.defaults(dataDir).withSlowMillis(SLOW_MILLIS);
    }

    void start() throws IOException {
        start(config(), Clock.systemUTC());
    }

    void start(SimulatorConfig config, Clock clock) throws IOException {
        stop();
        simulator = ProcessorSimulator.start(config, clock);
        client = new SimClient(simulator.baseUri());
    }

    void restart() throws IOException {
        start();
    }

    void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @AfterEach
    void stopSimulator() {
        stop();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
