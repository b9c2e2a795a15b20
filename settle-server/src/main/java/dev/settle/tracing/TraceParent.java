package dev.settle.tracing;

/**
 * A W3C Trace Context {@code traceparent}: the trace a piece of work belongs to, the span that
 * caused it, and the trace flags (bit 0: sampled). Ids are kept as longs so that storing one with
 * an event costs 25 bytes and no string.
 *
 * <pre>
 * 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01
 * ^  ^                                ^                ^
 * |  trace id: 32 lowercase hex       parent id: 16    flags: 2
 * version: 2 lowercase hex (ff is invalid)
 * </pre>
 *
 * Parsing follows the specification strictly (lowercase hex only, all-zero ids invalid, version
 * {@code 00} exactly {@value #HEADER_CHARS} characters). A later version is read as far as the
 * specification says a version-00 reader may: at least {@value #HEADER_CHARS} characters, the
 * first four fields as in version 00, then the end or a dash; only its sampled flag is kept.
 * Whatever is sent on is always version 00.
 *
 * @param traceIdHigh the trace id's first 16 hex digits, as a long
 * @param traceIdLow the trace id's last 16 hex digits
 * @param spanId the parent (span) id
 * @param flags the trace flags
 */
public record TraceParent(long traceIdHigh, long traceIdLow, long spanId, byte flags) {
    /** The length of a version-00 header: {@code 2 + 1 + 32 + 1 + 16 + 1 + 2}. */
    public static final int HEADER_CHARS = 55;
    /** The trace flag that says the caller records this trace. */
    public static final byte FLAG_SAMPLED = 0x01;

    private static final int VERSION_AT = 0;
    private static final int TRACE_ID_AT = 3;
    private static final int SPAN_ID_AT = 36;
    private static final int FLAGS_AT = 53;
    private static final int SPAN_ID_DIGITS = 16;
    private static final int TRACE_ID_DIGITS = 2 * SPAN_ID_DIGITS;
    private static final int VERSION_INVALID = 0xff;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public TraceParent {
        if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) {
            throw new IllegalArgumentException("a trace context has nonzero trace and span ids");
        }
    }

    /**
     * The context in a {@code traceparent} header, or null when it is absent or invalid (an
     * invalid header is ignored, as the specification asks: the request is not refused).
     */
    public static TraceParent parse(String header) {
        if (header == null || header.length() < HEADER_CHARS) {
            return null;
        }
        int version = hexByte(header, VERSION_AT);
        if (version < 0 || version == VERSION_INVALID) {
            return null;
        }
        // Version 00 is exactly this long; a later version may add fields, each after a dash.
        boolean longer = header.length() > HEADER_CHARS;
        if (longer && (version == 0 || header.charAt(HEADER_CHARS) != '-')) {
            return null;
        }
        if (header.charAt(TRACE_ID_AT - 1) != '-' || header.charAt(SPAN_ID_AT - 1) != '-'
                || header.charAt(FLAGS_AT - 1) != '-') {
            return null;
        }
        int flags = hexByte(header, FLAGS_AT);
        if (flags < 0 || !isHex(header, TRACE_ID_AT, TRACE_ID_DIGITS) || !isHex(header, SPAN_ID_AT, SPAN_ID_DIGITS)) {
            return null;
        }
        long high = hexLong(header, TRACE_ID_AT);
        long low = hexLong(header, TRACE_ID_AT + SPAN_ID_DIGITS);
        long span = hexLong(header, SPAN_ID_AT);
        if ((high | low) == 0 || span == 0) {
            return null;
        }
        return new TraceParent(high, low, span, (byte) (version == 0 ? flags : flags & FLAG_SAMPLED));
    }

    /**
     * The context of ids as the OpenTelemetry API prints them (32 and 16 lowercase hex digits),
     * or null when they are not valid ids.
     */
    public static TraceParent ofHex(String traceIdHex, String spanIdHex, byte flags) {
        if (traceIdHex.length() != TRACE_ID_DIGITS || spanIdHex.length() != SPAN_ID_DIGITS
                || !isHex(traceIdHex, 0, TRACE_ID_DIGITS) || !isHex(spanIdHex, 0, SPAN_ID_DIGITS)) {
            return null;
        }
        long high = hexLong(traceIdHex, 0);
        long low = hexLong(traceIdHex, SPAN_ID_DIGITS);
        long span = hexLong(spanIdHex, 0);
        return (high | low) == 0 || span == 0 ? null : new TraceParent(high, low, span, flags);
    }

    public boolean sampled() {
        return (flags & FLAG_SAMPLED) != 0;
    }

    /** The header value, version 00. */
    public String format() {
        char[] out = new char[HEADER_CHARS];
        out[0] = '0';
        out[1] = '0';
        out[TRACE_ID_AT - 1] = '-';
        putHex(out, TRACE_ID_AT, traceIdHigh);
        putHex(out, TRACE_ID_AT + SPAN_ID_DIGITS, traceIdLow);
        out[SPAN_ID_AT - 1] = '-';
        putHex(out, SPAN_ID_AT, spanId);
        out[FLAGS_AT - 1] = '-';
        out[FLAGS_AT] = HEX[(flags >> 4) & 0xf];
        out[FLAGS_AT + 1] = HEX[flags & 0xf];
        return new String(out);
    }

    /** The trace id as 32 lowercase hex digits (what logs and tracing back ends show). */
    public String traceIdHex() {
        char[] out = new char[TRACE_ID_DIGITS];
        putHex(out, 0, traceIdHigh);
        putHex(out, SPAN_ID_DIGITS, traceIdLow);
        return new String(out);
    }

    /** The span id as 16 lowercase hex digits. */
    public String spanIdHex() {
        char[] out = new char[SPAN_ID_DIGITS];
        putHex(out, 0, spanId);
        return new String(out);
    }

    @Override
    public String toString() {
        return format();
    }

    private static void putHex(char[] out, int at, long value) {
        for (int i = SPAN_ID_DIGITS - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Two lowercase hex digits at {@code at} as 0..255, or -1. */
    private static int hexByte(String s, int at) {
        int high = digit(s.charAt(at));
        int low = digit(s.charAt(at + 1));
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }

    /** Sixteen lowercase hex digits at {@code at}, already checked by {@link #isHex}, as a long. */
    private static long hexLong(String s, int at) {
        long value = 0;
        for (int i = 0; i < SPAN_ID_DIGITS; i++) {
            value = value << 4 | digit(s.charAt(at + i));
        }
        return value;
    }

    private static boolean isHex(String s, int at, int digits) {
        for (int i = 0; i < digits; i++) {
            if (digit(s.charAt(at + i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A lowercase hex digit's value, or -1 (uppercase is invalid in traceparent). */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
