package dev.settle.processorsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainArgumentsTest {

    @Test
    void parsesEveryOption() throws Exception {
        SimulatorConfig config = MainArguments.parse(new String[] {
            "--port", "8099", "--data", "/tmp/sim", "--latency-ms", "5", "--error-rate", "0.1",
            "--lost-answer-rate=0.2", "--slow-ms", "300", "--seed", "-4"});

        assertThat(config).isEqualTo(new SimulatorConfig(8099, Path.of("/tmp/sim"), 5, 0.1, 0.2, 300, -4));
    }

    @Test
    void onlyDataIsRequired() throws Exception {
        assertThat(MainArguments.parse(new String[] {"--data", "d"}))
                .isEqualTo(SimulatorConfig.defaults(Path.of("d")));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertUsage("option --data is required");
        assertUsage("unknown option --speed", "--data", "d", "--speed", "3");
        assertUsage("option --port needs a value", "--data", "d", "--port");
        assertUsage("option --port needs a whole number", "--data", "d", "--port", "http");
        assertUsage("option --port must be between 0 and 65535", "--data", "d", "--port", "70000");
        assertUsage("option --error-rate must be between 0 and 1", "--data", "d", "--error-rate", "1.5");
        assertUsage("option --lost-answer-rate needs a number", "--data", "d", "--lost-answer-rate", "half");
        assertUsage("option --slow-ms must be between 0", "--data", "d", "--slow-ms", "-1");
        assertUsage("option --data is given twice", "--data", "d", "--data", "e");
        assertUsage("unexpected argument 'serve'", "serve", "--data", "d");
    }

    @Test
    void recognizesHelp() {
        assertThat(MainArguments.wantsHelp(new String[] {"--data", "d", "--help"})).isTrue();
        assertThat(MainArguments.wantsHelp(new String[] {"--data", "d"})).isFalse();
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> MainArguments.parse(args))
                .isInstanceOf(MainArguments.UsageException.class)
                .hasMessageContaining(message);
    }
}
