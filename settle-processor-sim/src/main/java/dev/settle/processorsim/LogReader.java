package dev.settle.processorsim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads the operations log back, one JSON object a line, and tells where the good part ends. A
 * process killed mid-write leaves a torn last line (no newline, or not JSON); it was never
 * answered, so it is dropped. A bad line with good lines after it is not a torn write but
 * corruption, and stops the start.
 */
final class LogReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int NEWLINE = '\n';
    private static final int CHUNK_BYTES = 1 << 16;

    private LogReader() {}

    /**
     * Hands each good entry to {@code apply}, in order.
     *
     * @return the byte offset just past the last good line: where the next append goes
     */
    static long replay(InputStream in, Consumer<ObjectNode> apply) throws IOException {
        Replay replay = new Replay(apply);
        byte[] chunk = new byte[CHUNK_BYTES];
        int read;
        while ((read = in.read(chunk)) != -1) {
            replay.feed(chunk, read);
        }
        return replay.goodEnd;
    }

    /** The reading state: the line being gathered, where the good part ends, a torn line seen. */
    private static final class Replay {
        private final Consumer<ObjectNode> apply;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long offset;
        private long goodEnd;
        private long lineNumber;
        private long tornLine = -1;

        Replay(Consumer<ObjectNode> apply) {
            this.apply = apply;
        }

        void feed(byte[] chunk, int length) throws IOException {
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (chunk[i] == NEWLINE) {
                    line.write(chunk, start, i - start);
                    offset += i - start + 1;
                    start = i + 1;
                    endLine();
                }
            }
            line.write(chunk, start, length - start);
            offset += length - start;
        }

        private void endLine() throws IOException {
            lineNumber++;
            byte[] bytes = line.toByteArray();
            line.reset();
            if (tornLine >= 0) {
                throw new IOException("operations log is corrupt at line " + tornLine + " (more lines follow it)");
            }
            if (isBlank(bytes)) {
                goodEnd = offset;
                return;
            }
            ObjectNode entry = parse(bytes);
            if (entry == null) {
                tornLine = lineNumber;
                return;
            }
            try {
                apply.accept(entry);
            } catch (RuntimeException e) {
                throw new IOException("operations log has an unreadable entry at line " + lineNumber, e);
            }
            goodEnd = offset;
        }
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
