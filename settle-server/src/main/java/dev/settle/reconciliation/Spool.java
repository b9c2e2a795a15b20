package dev.settle.reconciliation;

import dev.settle.reconciliation.statement.StatementLine;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A statement's parsed lines kept in a temporary file (owner-only) while the upload is checked
 * whole: nothing is written to the ledger from a file that turns out bad at its last line, and
 * memory stays bounded whatever the file's size. Deleted on close.
 */
final class Spool implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 16;
    private final Path file;
    private final DataOutputStream out;
    private int count;
    private int firstDay = Integer.MAX_VALUE;
    private int lastDay = Integer.MIN_VALUE;

    Spool() {
        try {
            file = Files.createTempFile("settle-statement-", ".spool");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a statement spool file", e);
        }
    }

    void add(StatementLine line) throws IOException {
        int day = (int) line.date().toEpochDay();
        firstDay = Math.min(firstDay, day);
        lastDay = Math.max(lastDay, day);
        out.writeInt(line.lineNumber());
        out.writeInt(day);
        out.writeLong(line.amount());
        out.writeLong(line.fee());
        text(line.reference());
        text(line.description());
        text(line.entryId());
        text(line.raw());
        count++;
    }

    private void text(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    int count() {
        return count;
    }

    /** The first and last UTC epoch day of the lines ({0, 0} when there are none). */
    int[] days() {
        return count == 0 ? new int[] {0, 0} : new int[] {firstDay, lastDay};
    }

    /** Reads the lines back, in order, once writing is done. */
    Reader reader() throws IOException {
        out.flush();
        return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)));
    }

    /** A spooled line: the fields reconciliation keeps. */
    record Line(int fileLine, int day, long amount, long fee, String reference, String description, String entryId,
            String raw) {
        LocalDate date() {
            return LocalDate.ofEpochDay(day);
        }
    }

    static final class Reader implements AutoCloseable {
        private final DataInputStream in;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next line, or null at the end. */
        Line next() throws IOException {
            int fileLine;
            try {
                fileLine = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            return new Line(fileLine, in.readInt(), in.readLong(), in.readLong(), text(), text(), text(), text());
        }

        private String text() throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Deleting below is what matters.
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete statement spool " + file, e);
        }
    }
}
