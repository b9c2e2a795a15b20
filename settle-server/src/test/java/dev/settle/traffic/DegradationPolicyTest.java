package dev.settle.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DegradationPolicyTest {
    private static final String SOURCE = "test.yaml";

    /** The shipped policy in flow style, one class a line, so a test can change one value. */
    static final String VALID_YAML = """
            fleet:
              in_flight_max: 4096
            tenant_defaults:
              reads_per_second: 20000
              writes_per_second: 20000
              concurrent_requests_max: 512
            shed:
              bulk:     { queue_percent: 60,  queue_delay_ms: 250,  in_flight_percent: 60 }
              read:     { queue_percent: 80,  queue_delay_ms: 500,  in_flight_percent: 80 }
              normal:   { queue_percent: 90,  queue_delay_ms: 1000, in_flight_percent: 90 }
              critical: { queue_percent: 100, queue_delay_ms: never, in_flight_percent: 100 }
            """;

    @Test
    void theShippedFileIsTheDefaults() throws PolicyException {
        DegradationPolicy shipped = DegradationPolicy.load(findShippedFile());

        assertThat(shipped).isEqualTo(DegradationPolicy.defaults());
        assertThat(shipped.describe()).isEqualTo(DegradationPolicy.defaults().describe());
    }

    @Test
    void flowStyleParsesToo() throws PolicyException {
        assertThat(DegradationPolicy.parse(VALID_YAML, SOURCE)).isEqualTo(DegradationPolicy.defaults());
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        DegradationPolicy policy = DegradationPolicy.defaults();

        assertThat(policy.inFlightMax()).isEqualTo(DegradationPolicy.IN_FLIGHT_MAX_DEFAULT);
        assertThat(policy.tenantDefaults()).isEqualTo(TenantLimits.DEFAULTS);
        assertThat(policy.thresholds(Priority.BULK)).isEqualTo(new ShedThresholds(60, 250, 60));
        assertThat(policy.thresholds(Priority.CRITICAL))
                .isEqualTo(new ShedThresholds(100, ShedThresholds.NEVER_MILLIS, 100));
        assertThat(policy.describe()).isEqualTo("in_flight_max=4096; shed bulk at queue 60%/250 ms/in-flight 60%,"
                + " read at queue 80%/500 ms/in-flight 80%, normal at queue 90%/1000 ms/in-flight 90%,"
                + " critical at queue 100%/never/in-flight 100%; tenant_defaults reads 20000/s, writes 20000/s,"
                + " concurrent 512");
    }

    @Test
    void aFullPodQueueShedsEveryClassButCritical() {
        DegradationPolicy policy = DegradationPolicy.defaults();
        LoadSnapshot load = new LoadSnapshot(95, 10, 10);

        assertThat(policy.shedReason(Priority.BULK, load)).isEqualTo("pod queue 95% >= 60%");
        assertThat(policy.shedReason(Priority.READ, load)).isEqualTo("pod queue 95% >= 80%");
        assertThat(policy.shedReason(Priority.NORMAL, load)).isEqualTo("pod queue 95% >= 90%");
        assertThat(policy.shedReason(Priority.CRITICAL, load)).isNull();
    }

    @Test
    void aLongQueueDelayShedsTheLowerClasses() {
        DegradationPolicy policy = DegradationPolicy.defaults();
        LoadSnapshot load = new LoadSnapshot(10, 812, 10);

        assertThat(policy.shedReason(Priority.BULK, load)).isEqualTo("queue delay 812 ms >= 250 ms");
        assertThat(policy.shedReason(Priority.READ, load)).isEqualTo("queue delay 812 ms >= 500 ms");
        assertThat(policy.shedReason(Priority.NORMAL, load)).isNull();
        assertThat(policy.shedReason(Priority.CRITICAL, new LoadSnapshot(10, 3_600_000, 10)))
                .as("critical is never shed by delay")
                .isNull();
    }

    @Test
    void aBusyFleetShedsByInFlightPercent() {
        DegradationPolicy policy = DegradationPolicy.defaults();
        LoadSnapshot load = new LoadSnapshot(0, 0, 95);

        assertThat(policy.shedReason(Priority.NORMAL, load)).isEqualTo("in-flight 95% >= 90%");
        assertThat(policy.shedReason(Priority.CRITICAL, load)).isNull();
        assertThat(policy.shedReason(Priority.CRITICAL, new LoadSnapshot(0, 0, 100))).isEqualTo("in-flight 100% >= 100%");
    }

    @Test
    void anIdleServerShedsNothing() {
        for (Priority priority : Priority.values()) {
            assertThat(DegradationPolicy.defaults().shedReason(priority, LoadSnapshot.IDLE)).isNull();
            assertThat(DegradationPolicy.defaults().thresholds(priority).exceededBy(LoadSnapshot.IDLE)).isFalse();
        }
    }

    @Test
    void theFirstMetricOverItsThresholdIsNamed() {
        ShedThresholds thresholds = new ShedThresholds(50, 100, 50);

        assertThat(thresholds.exceededBy(new LoadSnapshot(50, 0, 0))).isTrue();
        assertThat(thresholds.exceededBy(new LoadSnapshot(49, 99, 49))).isFalse();
        assertThat(thresholds.reasonFor(new LoadSnapshot(60, 200, 70))).isEqualTo("pod queue 60% >= 50%");
        assertThat(thresholds.reasonFor(new LoadSnapshot(0, 200, 70))).isEqualTo("queue delay 200 ms >= 100 ms");
    }

    @Test
    void emptyDocumentsAreRejected() {
        assertProblem("", "test.yaml: document: is empty");
        assertProblem("# nothing but a comment\n", "test.yaml: document: is empty");
        assertProblem("---\n", "test.yaml: document: is empty");
    }

    @Test
    void aDocumentMustBeAMapping() {
        assertProblem("- fleet\n- shed\n", "test.yaml: document: must be a mapping, got a list");
        assertProblem("42\n", "test.yaml: document: must be a mapping, got 42");
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertProblem("fleet:\n  in_flight_max: a: b\n",
                "test.yaml: line 2: YAML syntax error: mapping values are not allowed here");
        assertProblem("fleet: {in_flight_max: 4096\n",
                "test.yaml: line 1: YAML syntax error: while parsing a flow mapping: expected ',' or '}',"
                        + " but got <stream end>");
    }

    @Test
    void onlyOneDocumentIsAllowed() {
        assertProblem(VALID_YAML + "---\nfleet: {in_flight_max: 16}\n",
                "test.yaml: line 13: more than one YAML document; a policy file holds exactly one");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertProblem(VALID_YAML + "fleet:\n  in_flight_max: 16\n", "test.yaml: fleet: duplicate key (line 12)");
        assertProblem(with("{ queue_percent: 80,", "{ queue_percent: 80, queue_percent: 70,"),
                "test.yaml: shed.read.queue_percent: duplicate key (line 9)");
    }

    @Test
    void unknownKeysAreRejected() {
        assertProblem(VALID_YAML + "shedding: {}\n",
                "test.yaml: shedding: unknown key (expected fleet, tenant_defaults, shed)");
        assertProblem(with("in_flight_max: 4096", "in_flight_max: 4096\n  in_flight_min: 16"),
                "test.yaml: fleet.in_flight_min: unknown key (expected in_flight_max)");
        assertProblem(with("  critical:", "  urgent: {}\n  critical:"),
                "test.yaml: shed.urgent: unknown key (expected bulk, read, normal, critical)");
        assertProblem(with("in_flight_percent: 60 }", "in_flight_percent: 60, queue_length: 5 }"),
                "test.yaml: shed.bulk.queue_length: unknown key (expected queue_percent, queue_delay_ms,"
                        + " in_flight_percent)");
    }

    @Test
    void everySectionAndClassIsRequired() {
        assertProblem(with("fleet:\n  in_flight_max: 4096\n", ""), "test.yaml: fleet: is missing");
        assertProblem(with("  concurrent_requests_max: 512\n", ""),
                "test.yaml: tenant_defaults.concurrent_requests_max: is missing");
        assertProblem(with("  critical: { queue_percent: 100, queue_delay_ms: never, in_flight_percent: 100 }\n", ""),
                "test.yaml: shed.critical: is missing");
        assertProblem(with("queue_delay_ms: 500,  ", ""), "test.yaml: shed.read.queue_delay_ms: is missing");
        assertProblem(with("fleet:\n  in_flight_max: 4096\n", "fleet: 4096\n"),
                "test.yaml: fleet: must be a mapping, got 4096");
    }

    @Test
    void valuesMustBeIntegers() {
        assertProblem(with("queue_percent: 80,", "queue_percent: 80.5,"),
                "test.yaml: shed.read.queue_percent: must be an integer, got 80.5");
        assertProblem(with("in_flight_max: 4096", "in_flight_max: lots"),
                "test.yaml: fleet.in_flight_max: must be an integer, got 'lots'");
        assertProblem(with("in_flight_max: 4096", "in_flight_max: \"4096\""),
                "test.yaml: fleet.in_flight_max: must be an integer, got '4096'");
        assertProblem(with("in_flight_max: 4096", "in_flight_max:"),
                "test.yaml: fleet.in_flight_max: must be an integer, got nothing");
        assertProblem(with("in_flight_max: 4096", "in_flight_max: [4096]"),
                "test.yaml: fleet.in_flight_max: must be an integer, got a list");
        assertProblem(with("reads_per_second: 20000", "reads_per_second: true"),
                "test.yaml: tenant_defaults.reads_per_second: must be an integer, got true");
        assertProblem(with("queue_percent: 100,", "queue_percent: never,"),
                "test.yaml: shed.critical.queue_percent: must be an integer, got 'never'");
        assertProblem(with("queue_delay_ms: 1000,", "queue_delay_ms: soon,"),
                "test.yaml: shed.normal.queue_delay_ms: must be an integer or never, got 'soon'");
    }

    @Test
    void valuesMustBeWithinTheirBounds() {
        assertProblem(with("queue_percent: 80,", "queue_percent: 150,"),
                "test.yaml: shed.read.queue_percent: must be 1..100, got 150");
        assertProblem(with("in_flight_percent: 60 }", "in_flight_percent: 0 }"),
                "test.yaml: shed.bulk.in_flight_percent: must be 1..100, got 0");
        assertProblem(with("queue_delay_ms: 250,", "queue_delay_ms: 0,"),
                "test.yaml: shed.bulk.queue_delay_ms: must be 1..3600000 or never, got 0");
        assertProblem(with("in_flight_max: 4096", "in_flight_max: 8"),
                "test.yaml: fleet.in_flight_max: must be 16..1000000, got 8");
        assertProblem(with("writes_per_second: 20000", "writes_per_second: 1000001"),
                "test.yaml: tenant_defaults.writes_per_second: must be 1..1000000, got 1000001");
        assertProblem(with("concurrent_requests_max: 512", "concurrent_requests_max: -1"),
                "test.yaml: tenant_defaults.concurrent_requests_max: must be 1..100000, got -1");
        assertProblem(with("reads_per_second: 20000", "reads_per_second: 99999999999999999999"),
                "test.yaml: tenant_defaults.reads_per_second: must be 1..1000000, got 99999999999999999999");
    }

    @Test
    void aLowerClassMustBeShedFirst() {
        assertProblem(with("queue_percent: 80,", "queue_percent: 95,"),
                "test.yaml: shed.read.queue_percent (95) must not exceed shed.normal.queue_percent (90):"
                        + " a lower class must be shed first");
        assertProblem(with("queue_delay_ms: never,", "queue_delay_ms: 900,"),
                "test.yaml: shed.normal.queue_delay_ms (1000) must not exceed shed.critical.queue_delay_ms (900):"
                        + " a lower class must be shed first");
        assertProblem(with("queue_delay_ms: 1000,", "queue_delay_ms: never,")
                        .replace("queue_percent: 100, queue_delay_ms: never", "queue_percent: 100, queue_delay_ms: 2000"),
                "test.yaml: shed.normal.queue_delay_ms (never) must not exceed shed.critical.queue_delay_ms (2000):"
                        + " a lower class must be shed first");
    }

    @Test
    void shedOrderSkipsAnInvalidClassAndComparesTheNextValidOne() {
        String yaml = with("queue_percent: 80,", "queue_percent: many,").replace("queue_percent: 60,", "queue_percent: 95,");

        PolicyException e = parseFailure(yaml);

        assertThat(e.problems()).containsExactly(
                "test.yaml: shed.read.queue_percent: must be an integer, got 'many'",
                "test.yaml: shed.bulk.queue_percent (95) must not exceed shed.normal.queue_percent (90):"
                        + " a lower class must be shed first");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = with("in_flight_max: 4096", "in_flight_max: 1")
                .replace("reads_per_second: 20000", "reads_per_second: 0")
                .replace("queue_percent: 60,", "queue_percent: 101,");

        PolicyException e = parseFailure(yaml);

        assertThat(e.problems()).containsExactly(
                "test.yaml: fleet.in_flight_max: must be 16..1000000, got 1",
                "test.yaml: tenant_defaults.reads_per_second: must be 1..1000000, got 0",
                "test.yaml: shed.bulk.queue_percent: must be 1..100, got 101");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }

    @Test
    void aliasesAreRejected() {
        assertProblem(with("reads_per_second: 20000", "reads_per_second: &rate 20000")
                        .replace("writes_per_second: 20000", "writes_per_second: *rate"),
                "test.yaml: tenant_defaults.writes_per_second: YAML aliases are not supported");
    }

    @Test
    void aMissingFileIsAPolicyException(@TempDir Path directory) {
        Path missing = directory.resolve("degradation.yaml");

        assertThatThrownBy(() -> DegradationPolicy.load(missing))
                .isInstanceOf(PolicyException.class)
                .hasMessage(missing + ": document: file not found");
    }

    @Test
    void aFileIsNamedInItsProblems(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("degradation.yaml");
        Files.writeString(file, with("in_flight_max: 4096", "in_flight_max: 8"));

        assertThatThrownBy(() -> DegradationPolicy.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessage(file + ": fleet.in_flight_max: must be 16..1000000, got 8");
    }

    @Test
    void anOversizedFileIsRejectedBeforeParsing(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("degradation.yaml");
        Files.writeString(file, VALID_YAML + "#".repeat(DegradationPolicy.POLICY_FILE_BYTES_MAX));

        assertThatThrownBy(() -> DegradationPolicy.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(file + ": document: ");
    }

    @Test
    void deepNestingIsRejected() {
        String yaml = "a: " + "{b: ".repeat(20) + "1" + "}".repeat(20) + "\n";

        assertThat(parseFailure(yaml).getMessage()).contains("nested deeper than " + PolicyTree.NESTING_DEPTH_MAX);
    }

    @Test
    void tenantLimitsNameTheFieldAndValue() {
        assertThatThrownBy(() -> new TenantLimits(0, 1, 1)).hasMessage("reads_per_second must be 1..1000000, got 0");
        assertThatThrownBy(() -> new TenantLimits(1, 1_000_001, 1))
                .hasMessage("writes_per_second must be 1..1000000, got 1000001");
        assertThatThrownBy(() -> new TenantLimits(1, 1, 100_001))
                .hasMessage("concurrent_requests_max must be 1..100000, got 100001");
        assertThat(new TenantLimits(3, 4, 5).perSecond(RequestKind.READ)).isEqualTo(3);
        assertThat(new TenantLimits(3, 4, 5).perSecond(RequestKind.WRITE)).isEqualTo(4);
    }

    /** The valid policy with {@code from} (which must occur exactly once) replaced by {@code to}. */
    static String with(String from, String to) {
        int at = VALID_YAML.indexOf(from);
        assertThat(at).as("'%s' in the valid policy", from).isNotNegative();
        assertThat(VALID_YAML.indexOf(from, at + 1)).as("'%s' occurs once", from).isNegative();
        return VALID_YAML.replace(from, to);
    }

    private static void assertProblem(String yaml, String expectedMessage) {
        PolicyException e = parseFailure(yaml);
        assertThat(e.getMessage()).isEqualTo(expectedMessage);
        assertThat(e.problems()).containsExactly(expectedMessage);
    }

    private static PolicyException parseFailure(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> DegradationPolicy.parse(yaml, SOURCE));
        assertThat(e).as("a PolicyException for:%n%s", yaml).isNotNull();
        return e;
    }

    /** The repository's config/degradation.yaml: Maven runs tests in the module's directory. */
    private static Path findShippedFile() {
        Path relative = Path.of(DegradationPolicy.DEFAULT_PATH);
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(relative))) {
                return directory.resolve(relative);
            }
        }
        throw new IllegalStateException("no " + relative + " at or above " + Path.of("").toAbsolutePath());
    }
}
