package dev.settle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
    private final StubServer server = StubServer.start();
    private final SettleClient client = server.client(new RecordingSleeper()).maxRetries(0).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @ParameterizedTest(name = "{0} {1}/{2} is {3}")
    @CsvSource({
        "400, invalid_request_error, parameter_missing,      InvalidRequestException",
        "404, invalid_request_error, resource_missing,       InvalidRequestException",
        "405, invalid_request_error, method_not_allowed,     InvalidRequestException",
        "413, invalid_request_error, body_too_large,         InvalidRequestException",
        "415, invalid_request_error, unsupported_media_type, InvalidRequestException",
        "401, authentication_error,  invalid_api_key,        AuthenticationException",
        "422, ledger_error,          exceeds_credits,        LedgerException",
        "409, ledger_error,          exists_with_different_amount, LedgerException",
        "422, idempotency_error,     idempotency_key_reused, IdempotencyException",
        "409, idempotency_error,     idempotency_key_in_use, IdempotencyException",
        "429, rate_limit_error,      rate_limited,           RateLimitException",
        "500, api_error,             internal,               ApiException",
        "503, api_error,             overloaded,             ApiException",
    })
    void errorObjectBecomesItsTypedException(int status, String type, String code, String exceptionClass) {
        server.reply(status, Fixtures.error(type, code, "transfers[3].amount"));

        SettleException e = catchThrowableOfType(SettleException.class,
                () -> client.transfers().create(CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1)));

        assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionClass);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.param()).isEqualTo("transfers[3].amount");
        assertThat(e.requestId()).isEqualTo("req_0193");
        assertThat(e).hasMessageContaining("refused for the test").hasMessageContaining(code)
                .hasMessageNotContaining("sk_test");
    }

    @Test
    void ledgerRefusalExposesTheEngineResultCode() {
        server.reply(422, Fixtures.error("ledger_error", "exceeds_credits", null));

        LedgerException e = catchThrowableOfType(LedgerException.class,
                () -> client.transfers().create(CreateTransfer.of(Fixtures.ACCOUNT_ID, Fixtures.OTHER_ACCOUNT_ID, 1)));

        assertThat(e.code()).isEqualTo("exceeds_credits");
        assertThat(e.param()).isNull();
    }

    @Test
    void answerWithoutErrorObjectIsMappedByStatusWithTheRequestIdHeader() {
        server.reply(502, "<html>bad gateway</html>").reply(401, "");

        ApiException gateway = catchThrowableOfType(ApiException.class,
                () -> client.accounts().retrieve(Fixtures.ACCOUNT_ID));
        AuthenticationException unauthorized = catchThrowableOfType(AuthenticationException.class,
                () -> client.accounts().retrieve(Fixtures.ACCOUNT_ID));

        assertThat(gateway.status()).isEqualTo(502);
        assertThat(gateway.type()).isNull();
        assertThat(gateway.requestId()).isEqualTo("req_stub");
        assertThat(unauthorized.status()).isEqualTo(401);
    }

    @Test
    void successThatIsNotTheDocumentedShapeIsAnApiException() {
        server.reply(200, "{\"object\": \"account\", \"id\": \"not-a-uuid\"}");

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.accounts().retrieve(Fixtures.ACCOUNT_ID));

        assertThat(e.status()).isEqualTo(200);
        assertThat(e.code()).isEqualTo(Transport.CODE_INVALID_ANSWER);
        assertThat(e).hasMessageContaining("id is not a UUID");
    }

    @Test
    void amountThatIsNotAnIntegerIsAnApiException() {
        server.reply(200, Fixtures.ACCOUNT.replace("\"debits_posted\": 1500", "\"debits_posted\": 1.5"));

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.accounts().retrieve(Fixtures.ACCOUNT_ID));

        assertThat(e).hasMessageContaining("debits_posted is not an amount");
    }
}
