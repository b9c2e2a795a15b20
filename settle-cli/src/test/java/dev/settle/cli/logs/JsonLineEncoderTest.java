package dev.settle.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.settle.logs.LogKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
    private static final long TIME_MILLIS = Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli();
    private static final DateTimeFormatter REFERENCE_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The real context: events read the MDC through it. */
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @Test
    void fieldsComeInTheirOrderWithTheRequestIdsBeforeOtherMdcEntriesAndKeyValuesLast() throws Exception {
        LoggingEvent event = event("dev.settle.api.Thing", Level.WARN, "charged {} for {}", null, 5, "acme");
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("zone", "eu");
        mdc.put(LogKeys.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
        mdc.put(LogKeys.REQUEST_ID, "req_1");
        mdc.put(LogKeys.TENANT_ID, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        event.setMDCPropertyMap(mdc);
        event.addKeyValuePair(new KeyValuePair("status", 201));
        event.addKeyValuePair(new KeyValuePair("duration_micros", 840L));
        event.addKeyValuePair(new KeyValuePair("replayed", false));
        event.addKeyValuePair(new KeyValuePair("route", "/v1/transfers/{id}"));

        String line = encode(event);

        Map<String, Object> fields = FlatJson.parse(line);
        assertThat(fields.keySet()).containsExactly("time", "level", "logger", "thread", "message", "request_id",
                "tenant_id", "trace_id", "zone", "status", "duration_micros", "replayed", "route");
        assertThat(fields).containsEntry("time", "2026-11-23T10:15:30.123Z").containsEntry("level", "WARN")
                .containsEntry("logger", "dev.settle.api.Thing").containsEntry("thread", "worker-1")
                .containsEntry("message", "charged 5 for acme").containsEntry("request_id", "req_1")
                .containsEntry("status", 201L).containsEntry("replayed", false);
        assertThat(line).contains("\"status\":201,\"duration_micros\":840,\"replayed\":false,");
    }

    @Test
    void eachEventIsExactlyOneLine() {
        String line = encode(event("x", Level.INFO, "first\nsecond\r\nthird", null));

        assertThat(line).endsWith("}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r");
    }

    @Test
    void stringsAreEscapedSoTheyReadBackUnchanged() throws Exception {
        String tricky = "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007 escape \u001b"
                + " unit \u001f del \u007f accent é emoji \uD83D\uDCB8 and a } brace";
        LoggingEvent event = event("a \"logger\"", Level.ERROR, tricky, null);
        event.setMDCPropertyMap(Map.of("key \"quoted\"", tricky));
        event.addKeyValuePair(new KeyValuePair("kv\n", tricky));

        String line = encode(event);

        Map<String, Object> fields = FlatJson.parse(line);
        assertThat(fields).containsEntry("message", tricky).containsEntry("logger", "a \"logger\"")
                .containsEntry("key \"quoted\"", tricky).containsEntry("kv\n", tricky);
        assertThat(line).contains("\\u0000").contains("\\u0007").contains("\\u001b").contains("\\u001f")
                .contains("\\\"").contains("\\\\").contains("\\t").contains("\\n");
    }

    @Test
    void anExceptionIsOneFieldWithItsClassMessageStackAndCause() throws Exception {
        IllegalStateException thrown = new IllegalStateException("the \"store\" broke",
                new java.io.IOException("disk full"));

        Map<String, Object> fields = FlatJson.parse(encode(event("x", Level.ERROR, "failed", thrown)));

        assertThat(fields.keySet()).last().isEqualTo("exception");
        assertThat((String) fields.get("exception")).startsWith("java.lang.IllegalStateException: the \"store\" broke")
                .contains("\tat dev.settle.cli.logs.JsonLineEncoderTest.")
                .contains("Caused by: java.io.IOException: disk full").doesNotEndWith("\n");
    }

    @Test
    void numbersAndBooleansAreBareOtherValuesAreStrings() throws Exception {
        LoggingEvent event = event("x", Level.INFO, "m", null);
        event.addKeyValuePair(new KeyValuePair("big", new BigInteger("340282366920938463463374607431768211455")));
        event.addKeyValuePair(new KeyValuePair("ratio", 0.25));
        event.addKeyValuePair(new KeyValuePair("infinite", Double.POSITIVE_INFINITY));
        event.addKeyValuePair(new KeyValuePair("none", null));
        event.addKeyValuePair(new KeyValuePair("path", java.nio.file.Path.of("/tmp/a\"b")));

        String line = encode(event);

        assertThat(line).contains("\"big\":340282366920938463463374607431768211455,\"ratio\":0.25,"
                + "\"infinite\":\"Infinity\",\"none\":null,\"path\":\"/tmp/a\\\"b\"");
        assertThat(FlatJson.parse(line)).containsEntry("ratio", 0.25).containsEntry("none", null);
    }

    @Test
    void timesAreUtcWithExactlyThreeDecimalsAcrossSecondsAndYears() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        long[] fixed = {0, 5, 999, 1_000, 59_999, TIME_MILLIS, TIME_MILLIS + 7, 253_402_300_799_999L};
        for (int i = 0; i < fixed.length + 1_000; i++) {
            long millis = i < fixed.length ? fixed[i] : random.nextLong(0, 253_402_300_800_000L);
            LoggingEvent event = event("x", Level.INFO, "m", null);
            event.setTimeStamp(millis);

            assertThat(FlatJson.parse(encode(event))).containsEntry("time",
                    REFERENCE_TIME.format(Instant.ofEpochMilli(millis)));
        }
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object... arguments) {
        LoggingEvent event = new LoggingEvent(JsonLineEncoderTest.class.getName(), context.getLogger(logger), level,
                message, thrown, arguments.length == 0 ? null : arguments);
        event.setTimeStamp(TIME_MILLIS);
        event.setThreadName("worker-1");
        return event;
    }

    private String encode(LoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
