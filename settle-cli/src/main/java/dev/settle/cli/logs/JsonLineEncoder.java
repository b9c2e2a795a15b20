package dev.settle.cli.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.settle.logs.LogKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per line, fields in a fixed order: {@code time}, {@code level},
 * {@code logger}, {@code thread}, {@code message}; then {@code request_id}, {@code tenant_id} and
 * {@code trace_id} when the MDC has them (the appender adds them to lines logged during a
 * request; the access line has them as its first key-values); then the other MDC entries, then the event's
 * key-values (numbers and booleans bare), then {@code exception} (its class, message and stack
 * trace as one string). Built in one {@link StringBuilder}, without a JSON library: it runs once
 * per line, and the access log writes a line per request.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    /** Room for a typical access log line, so the builder rarely regrows. */
    private static final int LINE_CHARS_INITIAL = 512;
    private static final byte[] NOTHING = new byte[0];
    /** The MDC keys written first, in this order; the others follow in the MDC's order. */
    private static final List<String> LEADING_MDC_KEYS = List.of(LogKeys.REQUEST_ID, LogKeys.TENANT_ID,
            LogKeys.TRACE_ID);

    private final UtcMillisText time = new UtcMillisText();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(LINE_CHARS_INITIAL);
        appendLine(line, event);
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends the event's line, newline included, to {@code line}: what {@link BatchingAppender}
     * calls to build a whole batch in one builder, without a string and an array per line.
     */
    public void appendLine(StringBuilder line, ILoggingEvent event) {
        line.append("{\"time\":\"");
        time.append(line, event.getTimeStamp());
        line.append("\",\"level\":\"").append(event.getLevel()).append('"');
        field(line, "logger", event.getLoggerName());
        field(line, "thread", event.getThreadName());
        field(line, "message", event.getFormattedMessage());
        appendMdc(line, event.getMDCPropertyMap());
        appendKeyValues(line, event.getKeyValuePairs());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(line, "exception", ThrowableProxyUtil.asString(thrown).stripTrailing());
        }
        line.append("}\n");
    }

    private static void appendMdc(StringBuilder line, Map<String, String> mdc) {
        if (mdc == null || mdc.isEmpty()) {
            return;
        }
        for (String key : LEADING_MDC_KEYS) {
            String value = mdc.get(key);
            if (value != null) {
                field(line, key, value);
            }
        }
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (!LEADING_MDC_KEYS.contains(entry.getKey())) {
                field(line, entry.getKey(), entry.getValue());
            }
        }
    }

    private static void appendKeyValues(StringBuilder line, List<KeyValuePair> pairs) {
        if (pairs == null) {
            return;
        }
        for (KeyValuePair pair : pairs) {
            line.append(',');
            JsonText.appendString(line, pair.key);
            line.append(':');
            JsonText.appendValue(line, pair.value);
        }
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append(',');
        JsonText.appendString(line, key);
        line.append(':');
        JsonText.appendString(line, value);
    }
}
