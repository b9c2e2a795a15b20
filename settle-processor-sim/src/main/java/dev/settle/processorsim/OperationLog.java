package dev.settle.processorsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The simulator's durable store: {@code operations.jsonl}, one JSON entry a line, appended and
 * forced to disk before the operation is answered, so that an answer once given survives a crash
 * (a real processor does not forget a charge it approved).
 *
 * <p>Appending and forcing are separate steps so that forcing commits in groups: {@link #append}
 * writes and returns the entry's sequence number; {@link #awaitDurable} forces the file once for
 * every entry written so far, and callers that arrive while a force is under way find their entry
 * already covered when it ends.
 *
 * <p>After a failed write or force the log refuses further appends: a half-written line must
 * stay the last one, where replay recognizes it as torn.
 */
final class OperationLog implements Closeable {
    static final String FILE_NAME = "operations.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FileChannel channel;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock forceLock = new ReentrantLock();
    private volatile long written;
    private volatile long durable;
    private volatile boolean failed;

    private OperationLog(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens (or creates) the log in {@code dir}, hands every entry in it to {@code replay}, and
     * cuts off a torn last line so that new entries start on a line of their own.
     */
    static OperationLog open(Path dir, Consumer<ObjectNode> replay) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            // Not closed: closing the stream would close the channel.
            InputStream in = Channels.newInputStream(channel);
            long goodEnd = LogReader.replay(in, replay);
            if (goodEnd < channel.size()) {
                channel.truncate(goodEnd);
                channel.force(false);
            }
            channel.position(goodEnd);
            if (created) {
                forceDirectory(dir);
            }
            return new OperationLog(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes one entry (not yet forced) and returns its sequence number for {@link #awaitDurable}. */
    long append(ObjectNode entry) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(entry);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        writeLock.lock();
        try {
            if (failed) {
                throw new IOException("the operations log failed earlier; restart the simulator");
            }
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            long sequence = written + 1;
            written = sequence;
            return sequence;
        } finally {
            writeLock.unlock();
        }
    }

    /** Returns once entry {@code sequence} and all before it are on disk. */
    void awaitDurable(long sequence) throws IOException {
        if (sequence <= durable) {
            return;
        }
        forceLock.lock();
        try {
            if (sequence <= durable) {
                return;
            }
            long target = written;
            try {
                channel.force(false);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            durable = target;
        } finally {
            forceLock.unlock();
        }
    }

    /** Returns once everything written so far is on disk: before showing state to a reader. */
    void awaitAllDurable() throws IOException {
        awaitDurable(written);
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        forceLock.lock();
        try {
            if (channel.isOpen() && !failed) {
                channel.force(false);
            }
            channel.close();
        } finally {
            forceLock.unlock();
            writeLock.unlock();
        }
    }

    /** Makes a newly created file's directory entry durable too; best effort where unsupported. */
    private static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the file's own force still holds its data.
        }
    }
}
