package io.brightcounter.web;

import java.io.IOException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.RequestDispatcher;
import org.apache.coyote.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container's error page: what each kind of failure forwarded to it is answered with,
 * and under which reason it is counted.
 */
class JsonErrorControllerTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final JsonErrorController controller = new JsonErrorController(
            new Rejections(new RejectionMetrics(this.registry), JsonMapper.builder().build()));

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");

    @Test
    void aDirectRequestForTheErrorPageIsNotFound() {
        ResponseEntity<ErrorBody> answer = this.controller.error(this.request);
        ErrorAnswers.assertAnswer(answer, 404, "Not found.");
        assertThat(ErrorAnswers.rejected(this.registry, "not_found")).isOne();
    }

    @Test
    void aStatusTheContainerSetIsAnsweredWithItsEnvelope() {
        this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 431);
        ErrorAnswers.assertAnswer(this.controller.error(this.request), 431, "Request header fields too large.");
        assertThat(ErrorAnswers.rejected(this.registry, "http_431")).isOne();
    }

    @Test
    void malformedFramingIsABadRequest() {
        this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new BadRequestException("bad chunk"));
        ErrorAnswers.assertAnswer(this.controller.error(this.request), 400, "Bad request.");
        assertThat(ErrorAnswers.rejected(this.registry, "bad_request")).isOne();
    }

    @Test
    void aBodyThatStoppedArrivingIsARequestTimeout() {
        this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IOException("timed out"));
        ErrorAnswers.assertAnswer(this.controller.error(this.request), 408, "Request timeout.");
        assertThat(ErrorAnswers.rejected(this.registry, "request_timeout")).isOne();
    }

    @Test
    void aContractErrorThrownOutsideMvcIsAnsweredAsItself() {
        this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ApiError.BODY_TOO_LARGE.exception());
        ResponseEntity<ErrorBody> answer = this.controller.error(this.request);
        ErrorAnswers.assertAnswer(answer, 413, "Request body too large.");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(ErrorAnswers.rejected(this.registry, "body_too_large")).isOne();
    }

    @Test
    void aServiceUnavailableErrorSaysWhenToRetry() {
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ApiError.SERVICE_UNAVAILABLE.exception());
        ResponseEntity<ErrorBody> answer = this.controller.error(this.request);
        ErrorAnswers.assertAnswer(answer, 503, "Service unavailable.");
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(ErrorAnswers.rejected(this.registry, "service_unavailable")).isOne();
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("boom"));
        ErrorAnswers.assertAnswer(this.controller.error(this.request), 500, "Internal server error.");
        assertThat(ErrorAnswers.rejected(this.registry, "internal")).isOne();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFaultIsLoggedUnlessTheRequestIdFilterLoggedItAlready(CapturedOutput output) {
        this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("first fault"));
        this.controller.error(this.request);
        MockHttpServletRequest logged = new MockHttpServletRequest("GET", "/error");
        logged.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("second fault"));
        logged.setAttribute(RequestIdFilter.FAULT_LOGGED, Boolean.TRUE);
        ErrorAnswers.assertAnswer(this.controller.error(logged), 500, "Internal server error.");
        assertThat(output).contains("first fault").doesNotContain("second fault");
    }

}
