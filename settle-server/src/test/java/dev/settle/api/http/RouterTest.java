package dev.settle.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.api.error.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Route route(String method, String template) {
        return new Route(method, template, Route.Access.TENANT, 0, request -> null);
    }

    private final Router router = new Router()
            .add(route("POST", "/v1/transfers"))
            .add(route("GET", "/v1/transfers/{id}"))
            .add(route("POST", "/v1/transfers/batch"))
            .add(route("GET", "/v1/webhook_endpoints/{id}"))
            .add(route("DELETE", "/v1/webhook_endpoints/{id}"));

    @Test
    void aLiteralSegmentBeatsAParameterWhateverTheOrderOfTheRoutes() {
        assertThat(router.find("POST", "/v1/transfers/batch").route().template()).isEqualTo("/v1/transfers/batch");
        Router reversed = new Router().add(route("POST", "/v1/transfers/batch")).add(route("GET", "/v1/transfers/{id}"));
        assertThat(reversed.find("POST", "/v1/transfers/batch").route().template()).isEqualTo("/v1/transfers/batch");
    }

    @Test
    void wrongMethodOnALiteralPathIsMethodNotAllowedWithItsMethods() {
        assertThatThrownBy(() -> router.find("GET", "/v1/transfers/batch"))
                .isInstanceOfSatisfying(Router.MethodNotAllowed.class, e -> {
                    assertThat(e.allowHeader()).isEqualTo("POST");
                    assertThat(e.error().status()).isEqualTo(405);
                    assertThat(e.error().code()).isEqualTo("method_not_allowed");
                });
    }

    @Test
    void aParameterStillMatchesOtherValues() {
        Router.Match match = router.find("GET", "/v1/transfers/tr_1");
        assertThat(match.route().template()).isEqualTo("/v1/transfers/{id}");
        assertThat(match.pathParams()).isEqualTo(Map.of("id", "tr_1"));
        assertThatThrownBy(() -> router.find("PATCH", "/v1/transfers/tr_1"))
                .isInstanceOfSatisfying(Router.MethodNotAllowed.class, e -> assertThat(e.allowHeader()).isEqualTo("GET"));
    }

    @Test
    void allowListsEveryMethodOfTheTemplate() {
        assertThatThrownBy(() -> router.find("PUT", "/v1/webhook_endpoints/we_1"))
                .isInstanceOfSatisfying(Router.MethodNotAllowed.class,
                        e -> assertThat(e.allowHeader()).isEqualTo("GET, DELETE"));
    }

    @Test
    void unknownPathIsNotFound() {
        assertThatThrownBy(() -> router.find("GET", "/v1/transfers/batch/x"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> router.find("GET", "/v1/transfers/"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
