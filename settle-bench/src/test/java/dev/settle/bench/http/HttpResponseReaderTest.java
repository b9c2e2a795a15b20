package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseReaderTest {
    /** Three answers on one keep-alive connection: fixed length, chunked with extension and trailer, empty. */
    private static final String THREE_ANSWERS = ""
            + "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
            + "{\"id\":\"abc\"}\n"
            + "HTTP/1.1 200 OK\r\nTRANSFER-encoding: Chunked\r\nRequest-Id: req_1\r\n\r\n"
            + "5;name=value\r\n{\"res\r\n"
            + "A\r\nults\":[]}\n\r\n"
            + "0\r\nX-Trailer: yes\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nRequest-Id: req_2\r\n\r\n";

    private static HttpResponseReader reading(String text, int bytesPerRead) {
        HttpResponseReader reader = new HttpResponseReader();
        reader.attach(new Trickle(text.getBytes(StandardCharsets.UTF_8), bytesPerRead));
        return reader;
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), 0, response.bodyLength(), StandardCharsets.UTF_8);
    }

    /** Reads 1, 3 or 7 bytes at a time as well as whole: every boundary must fall inside some line or body. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 1 << 20})
    void readsSeveralAnswersInARowWhateverTheReadSizes(int bytesPerRead) throws IOException {
        HttpResponseReader reader = reading(THREE_ANSWERS, bytesPerRead);
        HttpResponse response = new HttpResponse();

        reader.read(response);
        assertThat(response.status()).isEqualTo(201);
        assertThat(body(response)).isEqualTo("{\"id\":\"abc\"}\n");
        assertThat(response.keepAlive()).isTrue();

        reader.read(response);
        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("{\"results\":[]}\n");
        assertThat(response.keepAlive()).isTrue();

        reader.read(response);
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.bodyLength()).isZero();
        assertThat(response.keepAlive()).isTrue();

        assertThatThrownBy(() -> reader.read(response)).isInstanceOf(EOFException.class)
                .hasMessageContaining("without answering");
    }

    @Test
    void connectionCloseEndsKeepAlive() throws IOException {
        HttpResponseReader reader = reading("HTTP/1.1 503 Service Unavailable\r\nConnection: Close\r\n"
                + "Content-Length: 2\r\n\r\n{}", 1 << 20);
        HttpResponse response = new HttpResponse();

        reader.read(response);

        assertThat(response.status()).isEqualTo(503);
        assertThat(body(response)).isEqualTo("{}");
        assertThat(response.keepAlive()).isFalse();
    }

    @Test
    void http10ClosesUnlessItSaysKeepAliveAndABodyWithoutLengthRunsToTheEnd() throws IOException {
        HttpResponseReader reader = reading("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n1"
                + "HTTP/1.0 200 OK\r\n\r\nto the end", 5);
        HttpResponse response = new HttpResponse();

        reader.read(response);
        assertThat(body(response)).isEqualTo("1");
        assertThat(response.keepAlive()).isTrue();

        reader.read(response);
        assertThat(body(response)).isEqualTo("to the end");
        assertThat(response.keepAlive()).isFalse();
    }

    @Test
    void informationalAnswersAreSkipped() throws IOException {
        HttpResponseReader reader = reading("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201\r\nContent-Length: 0\r\n\r\n",
                1 << 20);
        HttpResponse response = new HttpResponse();

        reader.read(response);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyLength()).isZero();
    }

    @Test
    void aBodyLargerThanTheBufferIsReadWhole() throws IOException {
        String large = "x".repeat(3 * HttpResponseReader.BUFFER_BYTES + 17);
        String chunked = Integer.toHexString(large.length()) + "\r\n" + large + "\r\n0\r\n\r\n";
        HttpResponseReader reader = reading("HTTP/1.1 200 OK\r\nContent-Length: " + large.length() + "\r\n\r\n" + large
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, 1 << 20);
        HttpResponse response = new HttpResponse();

        reader.read(response);
        assertThat(body(response)).isEqualTo(large);
        reader.read(response);
        assertThat(body(response)).isEqualTo(large);
    }

    @Test
    void aBodyOverTheLimitIsAProtocolError() {
        HttpResponseReader fixed = reading("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n0123456789A", 1 << 20);
        HttpResponseReader chunked = reading("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n5\r\n6789A\r\n0\r\n\r\n", 1 << 20);
        HttpResponseReader toEnd = reading("HTTP/1.1 200 OK\r\n\r\n0123456789A", 1 << 20);

        for (HttpResponseReader reader : new HttpResponseReader[] {fixed, chunked, toEnd}) {
            assertThatThrownBy(() -> reader.read(new HttpResponse(10))).isInstanceOf(HttpProtocolException.class)
                    .hasMessageContaining("exceeds 10 bytes");
        }
    }

    @Test
    void anAnswerCutShortIsAnEndOfStream() {
        assertThatThrownBy(() -> reading("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234", 2)
                .read(new HttpResponse())).isInstanceOf(EOFException.class).hasMessageContaining("5 bytes before");
        assertThatThrownBy(() -> reading("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n", 2)
                .read(new HttpResponse())).isInstanceOf(EOFException.class).hasMessageContaining("last chunk");
        assertThatThrownBy(() -> reading("HTTP/1.1 200 OK\r\nContent-Le", 2).read(new HttpResponse()))
                .isInstanceOf(EOFException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Odd\r\n\r\n",
        "SSH-2.0-OpenSSH\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    })
    void malformedAnswersAreProtocolErrors(String answer) {
        assertThatThrownBy(() -> reading(answer, 1 << 20).read(new HttpResponse()))
                .isInstanceOf(HttpProtocolException.class);
    }

    @Test
    void tooManyHeadersOrTooLongALineAreProtocolErrors() {
        String manyHeaders = "HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(HttpResponseParser.HEADER_LINES_MAX + 1) + "\r\n";
        String longLine = "HTTP/1.1 200 OK\r\nX-A: " + "b".repeat(HttpResponseParser.LINE_BYTES_MAX) + "\r\n\r\n";

        assertThatThrownBy(() -> reading(manyHeaders, 1 << 20).read(new HttpResponse()))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("header lines");
        assertThatThrownBy(() -> reading(longLine, 1 << 20).read(new HttpResponse()))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("exceeds");
    }

    @Test
    void attachingAStreamForgetsWhatWasReadAhead() throws IOException {
        HttpResponseReader reader = reading("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA"
                + "HTTP/1.1 500 Left Over\r\nContent-Length: 0\r\n\r\n", 1 << 20);
        HttpResponse response = new HttpResponse();
        reader.read(response);

        reader.attach(new ByteArrayInputStream("HTTP/1.1 202 Accepted\r\nContent-Length: 1\r\n\r\nB"
                .getBytes(StandardCharsets.US_ASCII)));
        reader.read(response);

        assertThat(response.status()).isEqualTo(202);
        assertThat(body(response)).isEqualTo("B");
    }

    /** Hands out at most {@code bytesPerRead} bytes per read, as a slow network would. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int bytesPerRead;
        private int position;

        Trickle(byte[] bytes, int bytesPerRead) {
            this.bytes = bytes;
            this.bytesPerRead = bytesPerRead;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] out, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, bytesPerRead), bytes.length - position);
            System.arraycopy(bytes, position, out, offset, count);
            position += count;
            return count;
        }
    }
}
