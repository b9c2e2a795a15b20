package dev.settle.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** W3C traceparent parsing and formatting, strictly per the Trace Context specification. */
class TraceParentTest {
    static final String EXAMPLE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void theSpecificationsExampleParses() {
        TraceParent parsed = TraceParent.parse(EXAMPLE);
        assertThat(parsed).isNotNull();
        assertThat(parsed.traceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
        assertThat(parsed.traceIdLow()).isEqualTo(0x8448eb211c80319cL);
        assertThat(parsed.spanId()).isEqualTo(0xb7ad6b7169203331L);
        assertThat(parsed.sampled()).isTrue();
        assertThat(parsed.traceIdHex()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(parsed.spanIdHex()).isEqualTo("b7ad6b7169203331");
        assertThat(parsed.format()).isEqualTo(EXAMPLE);
    }

    @Test
    void unsampledAndOtherFlagsAreKeptForVersion00() {
        assertThat(TraceParent.parse(EXAMPLE.replace("-01", "-00")).sampled()).isFalse();
        assertThat(TraceParent.parse(EXAMPLE.replace("-01", "-03")).flags()).isEqualTo((byte) 3);
        assertThat(TraceParent.parse(EXAMPLE.replace("-01", "-ff")).format()).endsWith("-ff");
    }

    @Test
    void invalidHeadersAreIgnored() {
        String[] invalid = {
            null,
            "",
            "00",
            EXAMPLE.toUpperCase(),
            EXAMPLE.replace("0af7", "0AF7"),
            EXAMPLE.substring(0, 54),
            EXAMPLE + "-",
            EXAMPLE + "0",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "0g-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331_01",
            "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333z-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x",
            " 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 ",
        };
        for (String header : invalid) {
            assertThat(TraceParent.parse(header)).as("%s", header).isNull();
        }
    }

    @Test
    void aLaterVersionIsReadAsFarAsVersion00Goes() {
        String later = "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertThat(TraceParent.parse(later)).isEqualTo(TraceParent.parse(EXAMPLE));
        assertThat(TraceParent.parse(later + "-what-the-future-adds")).isEqualTo(TraceParent.parse(EXAMPLE));
        assertThat(TraceParent.parse(later + "x")).as("more must follow a dash").isNull();
        // Only the sampled flag of a later version is understood; it is sent on as version 00.
        TraceParent flagged = TraceParent.parse(later.replace("-01", "-0b"));
        assertThat(flagged.flags()).isEqualTo(TraceParent.FLAG_SAMPLED);
        assertThat(flagged.format()).isEqualTo(EXAMPLE);
    }

    @Test
    void theOpenTelemetryHexFormIsRead() {
        TraceParent parsed = TraceParent.parse(EXAMPLE);
        assertThat(TraceParent.ofHex(parsed.traceIdHex(), parsed.spanIdHex(), parsed.flags())).isEqualTo(parsed);
        assertThat(TraceParent.ofHex("00000000000000000000000000000000", "b7ad6b7169203331", (byte) 1)).isNull();
        assertThat(TraceParent.ofHex("0af7651916cd43dd8448eb211c80319c", "B7AD6B7169203331", (byte) 1)).isNull();
    }

    @Property
    void formattedContextsParseBackToThemselves(@ForAll long traceIdHigh, @ForAll long traceIdLow,
            @ForAll long spanId, @ForAll byte flags) {
        if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) {
            return;
        }
        TraceParent context = new TraceParent(traceIdHigh, traceIdLow, spanId, flags);
        String header = context.format();
        assertThat(header).hasSize(TraceParent.HEADER_CHARS).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        assertThat(TraceParent.parse(header)).isEqualTo(context);
    }

    @Property
    void noMangledHeaderParsesToADifferentContext(@ForAll long traceIdHigh, @ForAll long spanId,
            @ForAll byte position, @ForAll char replacement) {
        if (traceIdHigh == 0 || spanId == 0) {
            return;
        }
        TraceParent context = new TraceParent(traceIdHigh, 1, spanId, (byte) 1);
        char[] header = context.format().toCharArray();
        int at = Math.floorMod(position, header.length);
        header[at] = replacement;
        TraceParent parsed = TraceParent.parse(new String(header));
        // A changed digit is another valid context (a changed version, one read as version 00);
        // anything else is refused, never misread.
        if (parsed != null) {
            assertThat(parsed.format().substring(2)).isEqualTo(new String(header).substring(2));
        }
    }
}
