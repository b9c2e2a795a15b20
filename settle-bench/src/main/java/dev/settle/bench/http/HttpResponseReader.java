package dev.settle.bench.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 answers, one after another, from a blocking connection's input stream, with an
 * {@link HttpResponseParser}. The reader owns a fixed buffer and reads ahead, so it must be the
 * only reader of its stream; {@link #attach} starts over on a new stream. Used where a few
 * blocking connections are enough (the account setup); the measured phases use the parser from
 * their event loops instead.
 */
final class HttpResponseReader {
    static final int BUFFER_BYTES = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final HttpResponseParser parser = new HttpResponseParser();
    private InputStream in;
    private int position;
    private int limit;

    /** Reads from {@code stream} from now on, forgetting anything read ahead from the previous one. */
    void attach(InputStream stream) {
        in = stream;
        position = 0;
        limit = 0;
    }

    /**
     * Reads the next final answer into {@code response}. Bounded by the parser's limits: every
     * read either ends the stream or hands the parser at least one byte, which it consumes.
     *
     * @throws java.io.EOFException when the stream ends before the answer does
     * @throws HttpProtocolException when the answer is malformed or too large
     */
    void read(HttpResponse response) throws IOException {
        if (in == null) {
            throw new IllegalStateException("no stream attached");
        }
        parser.start(response);
        while (!parser.isComplete()) {
            if (position == limit) {
                int read = in.read(buffer, 0, buffer.length);
                if (read <= 0) {
                    parser.endOfStream();
                    return;
                }
                position = 0;
                limit = read;
            }
            position += parser.parse(buffer, position, limit - position);
        }
    }
}
