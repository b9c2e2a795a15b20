package dev.settle.reconciliation.statement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a parser gave its sink, and the format error it stopped at (null when it read everything). */
final class Parsed {
    final List<StatementLine> lines = new ArrayList<>();
    StatementFormatException error;

    static Parsed bytes(StatementParser parser, byte[] input) {
        return stream(parser, new ByteArrayInputStream(input));
    }

    static Parsed text(StatementParser parser, String input) {
        return bytes(parser, input.getBytes(StandardCharsets.UTF_8));
    }

    static Parsed resource(StatementParser parser, String name) {
        try (InputStream in = resourceStream(name)) {
            return stream(parser, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = resourceStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resourceStream(String name) {
        InputStream in = Parsed.class.getResourceAsStream("/statements/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test resource statements/" + name);
        }
        return in;
    }

    private static Parsed stream(StatementParser parser, InputStream in) {
        Parsed parsed = new Parsed();
        try {
            parser.parse(in, parsed.lines::add);
        } catch (StatementFormatException e) {
            parsed.error = e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }
}
