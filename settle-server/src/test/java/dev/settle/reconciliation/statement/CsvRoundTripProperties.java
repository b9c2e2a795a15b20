package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Statement lines rendered to CSV in every way a bank might (quoting, CRLF, signs, grouping) parse back to themselves. */
class CsvRoundTripProperties {
    private static final List<String> CURRENCIES = List.of("EUR", "JPY", "BHD", "USD");
    private static final String AWKWARD_CHARS = "aZ9 ,;\"\n\r\t'é€-";
    private static final CsvMapping MAPPING = CsvMapping.builder().date("date").amount("amount").currency("currency")
            .reference("reference").description("description").id("id").thousandsSeparator(',').build();

    /** A line's values before rendering. */
    record Values(LocalDate date, long amount, String currency, String reference, String description, String id) {}

    @Property(tries = 300)
    void renderedLinesParseBackToTheSameValues(
            @ForAll("lines") @Size(min = 1, max = 25) List<Values> values, @ForAll long renderSeed, @ForAll boolean byteOrderMark) {
        Random random = new Random(renderSeed);
        StringBuilder csv = new StringBuilder();
        csv.append(field(random, "date")).append(',').append(field(random, "amount")).append(",currency,reference,")
                .append(field(random, "description")).append(",id").append(lineEnd(random));
        List<StatementLine> expected = new ArrayList<>();
        for (Values v : values) {
            int lineNumber = lineOf(csv);
            String raw = String.join(",", field(random, v.date().toString()),
                    field(random, amountText(random, v.amount(), MinorUnits.fractionDigits(v.currency()))),
                    field(random, v.currency()), field(random, v.reference()), field(random, v.description()),
                    field(random, v.id()));
            csv.append(raw).append(lineEnd(random));
            expected.add(new StatementLine(lineNumber, v.date(), v.amount(), 0, v.currency(), v.reference(),
                    v.description(), v.id(), raw));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (byteOrderMark) {
            bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        bytes.writeBytes(csv.toString().getBytes(StandardCharsets.UTF_8));

        Parsed parsed = Parsed.bytes(new CsvStatementParser(MAPPING), bytes.toByteArray());

        assertThat(parsed.error).isNull();
        assertThat(parsed.lines).containsExactlyElementsOf(expected);
    }

    @Property(tries = 2000)
    void minorUnitsReadWhatTheyAreWrittenAs(@ForAll long minorUnits, @ForAll("currencies") String currency, @ForAll long seed) {
        long amount = minorUnits == Long.MIN_VALUE ? 0 : minorUnits;
        String text = amountText(new Random(seed), amount, MinorUnits.fractionDigits(currency));
        assertThat(MinorUnits.parse(text, currency, '.', ',')).as(text).isEqualTo(amount);
    }

    @Provide
    Arbitrary<List<Values>> lines() {
        Arbitrary<String> text = Arbitraries.strings().withChars(AWKWARD_CHARS).ofMaxLength(12);
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(0, 40_000).map(LocalDate.of(1990, 1, 1)::plusDays);
        Arbitrary<Long> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L), Arbitraries.of(0L, 1L, -1L));
        return Combinators.combine(dates, amounts, currencies(), text, text, Arbitraries.strings().alpha().ofMaxLength(8))
                .as(Values::new)
                .list();
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of(CURRENCIES);
    }

    /** The value as a CSV field: quoted when it must be, and at random otherwise; padded with spaces at random when unquoted. */
    private static String field(Random random, String value) {
        boolean mustQuote = value.isEmpty() ? false : value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.isBlank()
                || isPad(value.charAt(0)) || isPad(value.charAt(value.length() - 1));
        if (mustQuote || random.nextInt(4) == 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return random.nextInt(4) == 0 ? " " + value + "\t " : value;
    }

    private static boolean isPad(char c) {
        return c == ' ' || c == '\t';
    }

    /** Minor units as decimal text: signs as '-', '+' or parentheses, integer part grouped by ',' or not, extra zeros. */
    static String amountText(Random random, long amount, int fractionDigits) {
        String digits = Long.toString(Math.abs(amount));
        if (digits.length() <= fractionDigits) {
            digits = "0".repeat(fractionDigits - digits.length() + 1) + digits;
        }
        String integer = digits.substring(0, digits.length() - fractionDigits);
        String fraction = digits.substring(digits.length() - fractionDigits);
        if (random.nextBoolean()) {
            integer = grouped(integer);
        }
        if (random.nextInt(5) == 0) {
            fraction += "00";
        }
        String magnitude = fraction.isEmpty() ? integer : integer + "." + fraction;
        if (amount < 0) {
            return random.nextBoolean() ? "-" + magnitude : "(" + magnitude + ")";
        }
        return random.nextInt(5) == 0 ? "+" + magnitude : magnitude;
    }

    private static String grouped(String integer) {
        StringBuilder out = new StringBuilder();
        int first = integer.length() % 3 == 0 ? 3 : integer.length() % 3;
        out.append(integer, 0, first);
        for (int i = first; i < integer.length(); i += 3) {
            out.append(',').append(integer, i, i + 3);
        }
        return out.toString();
    }

    private static String lineEnd(Random random) {
        return random.nextBoolean() ? "\r\n" : "\n";
    }

    /** The 1-based line the next character of {@code text} is on (LF, CRLF and a lone CR each end a line). */
    private static int lineOf(CharSequence text) {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
