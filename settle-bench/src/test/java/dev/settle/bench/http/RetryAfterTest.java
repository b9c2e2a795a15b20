package dev.settle.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parser keeps an answer's Retry-After in seconds; the account setup waits that long before asking again. */
class RetryAfterTest {
    private static HttpResponse parse(String answer) throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        parser.start(response);
        byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        assertThat(parser.isComplete()).isTrue();
        return response;
    }

    @Test
    void secondsAreKept() throws Exception {
        HttpResponse response = parse("HTTP/1.1 429 Too Many Requests\r\nretry-after:  7 \r\nContent-Length: 2\r\n\r\n{}");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.retryAfterSeconds()).isEqualTo(7);
        assertThat(AccountSetup.retryDelayMillis(response)).isEqualTo(7_000);
    }

    @Test
    void anAbsentDatedOrMalformedRetryAfterIsNone() throws Exception {
        assertThat(parse("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n").retryAfterSeconds())
                .isEqualTo(HttpResponse.NO_RETRY_AFTER);
        assertThat(parse("HTTP/1.1 503 Service Unavailable\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
                + "Content-Length: 0\r\n\r\n").retryAfterSeconds()).isEqualTo(HttpResponse.NO_RETRY_AFTER);
        assertThat(parse("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 12345678901\r\nContent-Length: 0\r\n\r\n")
                .retryAfterSeconds()).isEqualTo(HttpResponse.NO_RETRY_AFTER);
    }

    @Test
    void theNextAnswerOnTheConnectionStartsWithoutIt() throws Exception {
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        byte[] bytes = ("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        parser.start(response);
        int consumed = parser.parse(bytes, 0, bytes.length);
        assertThat(response.retryAfterSeconds()).isEqualTo(1);

        parser.start(response);
        parser.parse(bytes, consumed, bytes.length - consumed);

        assertThat(parser.isComplete()).isTrue();
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.retryAfterSeconds()).isEqualTo(HttpResponse.NO_RETRY_AFTER);
    }

    @Test
    void theSetupWaitsASecondWithoutAdviceAndCapsLongAdvice() throws Exception {
        assertThat(AccountSetup.retryDelayMillis(parse("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")))
                .isEqualTo(AccountSetup.RETRY_DELAY_MILLIS_DEFAULT);
        assertThat(AccountSetup.retryDelayMillis(parse("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\n"
                + "Content-Length: 0\r\n\r\n"))).isEqualTo(AccountSetup.RETRY_DELAY_MILLIS_MAX);
    }
}
