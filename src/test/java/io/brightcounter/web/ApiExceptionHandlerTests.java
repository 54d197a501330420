package io.brightcounter.web;

import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures inside Spring MVC: each answered with its envelope and status, and counted
 * under its reason.
 */
class ApiExceptionHandlerTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ApiExceptionHandler handler = new ApiExceptionHandler(
            new Rejections(new RejectionMetrics(this.registry), JsonMapper.builder().build()));

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/devices");

    @Test
    void aContractErrorIsAnsweredAsItself() {
        ResponseEntity<ErrorBody> answer = this.handler.handleApiException(ApiError.INVALID_COUNT.exception(),
                this.request);
        ErrorAnswers.assertAnswer(answer, 400, ApiError.INVALID_COUNT.message());
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(ErrorAnswers.rejected(this.registry, "invalid_count")).isOne();
    }

    @Test
    void aServiceUnavailableErrorSaysWhenToRetry() {
        ResponseEntity<ErrorBody> answer = this.handler.handleApiException(ApiError.SERVICE_UNAVAILABLE.exception(),
                this.request);
        ErrorAnswers.assertAnswer(answer, 503, "Service unavailable.");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void aWrongMethodListsTheRoutesMethods() {
        ResponseEntity<ErrorBody> answer = this.handler.handleMethodNotSupported(
                new HttpRequestMethodNotSupportedException("PUT", List.of("GET", "HEAD")), this.request);
        ErrorAnswers.assertAnswer(answer, 405, "Method not allowed.");
        assertThat(answer.getHeaders().getAllow()).isEqualTo(Set.of(HttpMethod.GET, HttpMethod.HEAD));
        assertThat(ErrorAnswers.rejected(this.registry, "method_not_allowed")).isOne();
    }

    @Test
    void aWrongMethodWithoutKnownMethodsHasNoAllow() {
        ResponseEntity<ErrorBody> answer = this.handler
            .handleMethodNotSupported(new HttpRequestMethodNotSupportedException("PUT"), this.request);
        ErrorAnswers.assertAnswer(answer, 405, "Method not allowed.");
        assertThat(answer.getHeaders().containsHeader("Allow")).isFalse();
    }

    @Test
    void springsOwnClientErrorsKeepTheirStatus() {
        ResponseEntity<ErrorBody> answer = this.handler.handleOther(new HttpMediaTypeNotSupportedException("no xml"),
                this.request);
        ErrorAnswers.assertAnswer(answer, 415, "Unsupported media type.");
        assertThat(ErrorAnswers.rejected(this.registry, "http_415")).isOne();
        assertThat(ErrorAnswers.rejected(this.registry, "internal")).isZero();
    }

    @Test
    void springsOwnServerErrorsAreInternalErrors() {
        ResponseEntity<ErrorBody> answer = this.handler.handleOther(new ResponseStatusException(HttpStatus.BAD_GATEWAY),
                this.request);
        ErrorAnswers.assertAnswer(answer, 500, "Internal server error.");
        assertThat(ErrorAnswers.rejected(this.registry, "internal")).isOne();
    }

    @Test
    void anythingElseIsAnInternalError() {
        ResponseEntity<ErrorBody> answer = this.handler.handleOther(new IllegalStateException("boom"), this.request);
        ErrorAnswers.assertAnswer(answer, 500, "Internal server error.");
        assertThat(ErrorAnswers.rejected(this.registry, "internal")).isOne();
    }

}
