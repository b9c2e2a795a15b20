package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseParserTest {
    /**
     * Answers on one keep-alive connection, back to back: fixed length; an informational answer
     * before a final one; chunked with an extension, an upper-case size, an empty-looking line in the
     * data and a trailer; no content; an error that closes the connection.
     */
    private static final String ANSWERS = ""
            + "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
            + "{\"id\":\"abc\"}\n"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}"
            + "HTTP/1.1 200 OK\r\nTRANSFER-encoding: Chunked\r\nRequest-Id: req_1\r\n\r\n"
            + "5;name=value\r\n{\"res\r\n"
            + "A\r\nults\":[]}\n\r\n"
            + "2\r\n\r\n\r\n"
            + "0\r\nX-Trailer: yes\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nRequest-Id: req_2\r\n\r\n"
            + "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}";
    private static final List<Answer> EXPECTED = List.of(
            new Answer(201, "{\"id\":\"abc\"}\n", true),
            new Answer(201, "{}", true),
            new Answer(200, "{\"results\":[]}\n\r\n", true),
            new Answer(204, "", true),
            new Answer(503, "{}", false));

    private record Answer(int status, String body, boolean keepAlive) {}

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Answer answerOf(HttpResponse response) {
        return new Answer(response.status(), new String(response.body(), 0, response.bodyLength(),
                StandardCharsets.UTF_8), response.keepAlive());
    }

    /**
     * Hands {@code bytes} to one parser in pieces cut at {@code cuts}, as a connection's reads
     * would, starting the next answer on the bytes left after each one; then ends the stream.
     */
    private static List<Answer> parseInPieces(byte[] bytes, int... cuts) throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        List<Answer> answers = new ArrayList<>();
        parser.start(response);
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = bytes.length;
        int position = 0;
        for (int end : ends) {
            // The piece is copied on its own, so that a parser looking past it would fail.
            byte[] piece = Arrays.copyOfRange(bytes, position, end);
            int offset = 0;
            while (offset < piece.length) {
                offset += parser.parse(piece, offset, piece.length - offset);
                if (parser.isComplete()) {
                    answers.add(answerOf(response));
                    parser.start(response);
                }
            }
            position = end;
        }
        assertThatThrownBy(parser::endOfStream).isInstanceOf(EOFException.class).hasMessageContaining("without answering");
        return answers;
    }

    @Test
    void readsSeveralAnswersBackToBackInOnePiece() throws Exception {
        assertThat(parseInPieces(ascii(ANSWERS))).isEqualTo(EXPECTED);
    }

    @Test
    void readsThemSplitAtEveryByteBoundary() throws Exception {
        byte[] bytes = ascii(ANSWERS);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(parseInPieces(bytes, cut)).as("cut at %d", cut).isEqualTo(EXPECTED);
        }
    }

    @Test
    void readsThemOneByteAtATime() throws Exception {
        byte[] bytes = ascii(ANSWERS);
        int[] cuts = new int[bytes.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertThat(parseInPieces(bytes, cuts)).isEqualTo(EXPECTED);
    }

    /** Every pair of cuts in a chunked answer: sizes, data, CRLFs and trailer each split anywhere, twice. */
    @Test
    void readsAChunkedAnswerSplitAtEveryPairOfBoundaries() throws Exception {
        byte[] bytes = ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n10\r\n0123456789abcdef\r\n1;x=y\r\nz\r\n0\r\nT: 1\r\n\r\n");
        List<Answer> expected = List.of(new Answer(200, "abc0123456789abcdefz", true));
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                assertThat(parseInPieces(bytes, first, second)).as("cuts at %d and %d", first, second)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void stopsAtTheEndOfTheAnswerAndLeavesTheRest() throws Exception {
        String first = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}";
        byte[] bytes = ascii(first + "HTTP/1.1 500 Next\r\n");
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        parser.start(response);

        int consumed = parser.parse(bytes, 0, bytes.length);

        assertThat(consumed).isEqualTo(first.length());
        assertThat(parser.isComplete()).isTrue();
        assertThat(response.status()).isEqualTo(201);
        assertThat(parser.parse(bytes, consumed, bytes.length - consumed)).as("nothing more once complete").isZero();
    }

    @Test
    void aBodyWithoutLengthEndsWithTheConnectionAndClosesIt() throws Exception {
        byte[] bytes = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end");
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        parser.start(response);

        assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        assertThat(parser.isComplete()).isFalse();
        parser.endOfStream();

        assertThat(parser.isComplete()).isTrue();
        assertThat(answerOf(response)).isEqualTo(new Answer(200, "to the end", false));
    }

    @Test
    void startingAgainDropsAnAnswerHalfRead() throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        parser.start(response);
        byte[] half = ascii("HTTP/1.1 500 Oops\r\nContent-Length: 10\r\n\r\n01234");
        parser.parse(half, 0, half.length);

        parser.start(response);
        byte[] whole = ascii("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
        parser.parse(whole, 0, whole.length);

        assertThat(parser.isComplete()).isTrue();
        assertThat(answerOf(response)).isEqualTo(new Answer(201, "{}", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234|5 bytes before the body's end",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n|before the last chunk",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n012|before the last chunk",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n|before the last chunk",
        "HTTP/1.1 200 OK\r\nContent-Le|inside the headers",
        "HTTP/1.1 20|before the final answer's status line",
        "HTTP/1.1 100 Continue\r\n\r\n|before the final answer's status line",
    })
    void anAnswerCutShortFailsAtTheEndOfTheStream(String answerAndMessage) {
        String[] parts = answerAndMessage.split("\\|");
        byte[] bytes = ascii(parts[0]);
        HttpResponseParser parser = new HttpResponseParser();
        parser.start(new HttpResponse());

        assertThat(catchingParse(parser, bytes)).isEqualTo(bytes.length);

        assertThatThrownBy(parser::endOfStream).isInstanceOf(EOFException.class).hasMessageContaining(parts[1]);
    }

    @Test
    void moreInformationalAnswersThanAllowedAreAProtocolError() {
        byte[] bytes = ascii("HTTP/1.1 100 Continue\r\n\r\n".repeat(HttpResponseParser.INFORMATIONAL_ANSWERS_MAX + 1));
        HttpResponseParser parser = new HttpResponseParser();
        parser.start(new HttpResponse());

        assertThatThrownBy(() -> parser.parse(bytes, 0, bytes.length)).isInstanceOf(HttpProtocolException.class)
                .hasMessageContaining("informational");
    }

    @Test
    void aLineTooLongIsRefusedEvenWhenItComesInPieces() throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        parser.start(new HttpResponse());
        byte[] head = ascii("HTTP/1.1 200 OK\r\nX-A: ");
        byte[] piece = ascii("b".repeat(1_000));
        parser.parse(head, 0, head.length);

        assertThatThrownBy(() -> {
            for (int i = 0; i <= HttpResponseParser.LINE_BYTES_MAX / piece.length; i++) {
                parser.parse(piece, 0, piece.length);
            }
        }).isInstanceOf(HttpProtocolException.class).hasMessageContaining("exceeds " + HttpResponseParser.LINE_BYTES_MAX);
    }

    @Test
    void parsingBeforeStartingIsABug() {
        assertThatThrownBy(() -> new HttpResponseParser().parse(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class);
    }

    private static int catchingParse(HttpResponseParser parser, byte[] bytes) {
        try {
            return parser.parse(bytes, 0, bytes.length);
        } catch (HttpProtocolException e) {
            throw new AssertionError("a well-formed beginning was refused", e);
        }
    }
}
