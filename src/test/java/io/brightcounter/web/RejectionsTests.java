package io.brightcounter.web;

import java.io.IOException;

import io.brightcounter.testsupport.Envelopes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal answered through {@link Rejections}: its envelope, {@code Retry-After} on
 * a 503, and one count under its reason per request.
 */
class RejectionsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final Rejections rejections = new Rejections(new RejectionMetrics(this.registry),
            JsonMapper.builder().build());

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create");

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aContractErrorIsAnsweredWithItsEnvelopeAndCounted() throws IOException {
        this.rejections.respond(this.request, this.response, ApiError.UNAUTHORIZED);
        assertThat(this.response.getStatus()).isEqualTo(401);
        assertThat(this.response.getContentType()).isEqualTo("application/json");
        assertThat(this.response.getContentAsString())
            .isEqualTo(Envelopes.envelope("Missing or invalid API key.", 401));
        assertThat(this.response.getHeader("Retry-After")).isNull();
        assertThat(ErrorAnswers.rejected(this.registry, "unauthorized")).isOne();
        assertThat(ErrorAnswers.rejected(this.registry, "overloaded")).isZero();
    }

    @Test
    void aServiceUnavailableAnswerSaysWhenToRetry() throws IOException {
        this.rejections.respond(this.request, this.response, ApiError.OVERLOADED);
        assertThat(this.response.getStatus()).isEqualTo(503);
        assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Service unavailable.", 503));
        assertThat(ErrorAnswers.rejected(this.registry, "overloaded")).isOne();
    }

    @Test
    void aStoreThatCannotBeReachedIsCountedUnderItsOwnReason() throws IOException {
        this.rejections.respondStoreUnavailable(this.request, this.response, new IllegalStateException("refused"));
        assertThat(this.response.getStatus()).isEqualTo(503);
        assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Service unavailable.", 503));
        assertThat(ErrorAnswers.rejected(this.registry, "store_unavailable")).isOne();
    }

    @Test
    void aRequestIsCountedOnceHoweverOftenItIsRefused() throws IOException {
        this.rejections.respond(this.request, this.response, ApiError.BODY_TOO_LARGE);
        this.rejections.respond(this.request, new MockHttpServletResponse(), 413);
        this.rejections.respondStoreUnavailable(this.request, new MockHttpServletResponse(),
                new IllegalStateException("down"));
        this.rejections.recordContainerStatus(this.request, 431);
        assertThat(ErrorAnswers.rejected(this.registry, "body_too_large")).isOne();
        assertThat(ErrorAnswers.rejected(this.registry, "store_unavailable")).isZero();
        assertThat(this.registry.find("bright_counter.requests.rejected").tag("reason", "http_431").counter()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            400 | bad_request        | Bad request.
            404 | not_found          | Not found.
            405 | method_not_allowed | Method not allowed.
            408 | request_timeout    | Request timeout.
            413 | body_too_large     | Request body too large.
            500 | internal           | Internal server error.
            501 | not_implemented    | Not implemented.
            431 | http_431           | Request header fields too large.
            505 | http_505           | HTTP version not supported.
            999 | http_999           | Error.
            """)
    void aStatusTheContainerSetIsCountedUnderItsContractErrorOrItsNumber(int status, String reason, String message)
            throws IOException {
        this.rejections.respond(this.request, this.response, status);
        assertThat(this.response.getStatus()).isEqualTo(status);
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope(message, status));
        assertThat(this.response.getHeader("Retry-After")).isNull();
        assertThat(ErrorAnswers.rejected(this.registry, reason)).isOne();
    }

    @Test
    void aContainer503SaysWhenToRetryToo() throws IOException {
        this.rejections.respond(this.request, this.response, 503);
        assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Service unavailable.", 503));
        assertThat(ErrorAnswers.rejected(this.registry, "http_503")).isOne();
    }

    @Test
    void statusesWithoutAContractErrorAreCountedEachUnderItsOwnNumber() {
        for (int i = 0; i < 3; i++) {
            this.rejections.recordContainerStatus(new MockHttpServletRequest(), 431);
        }
        this.rejections.recordContainerStatus(new MockHttpServletRequest(), 414);
        assertThat(ErrorAnswers.rejected(this.registry, "http_431")).isEqualTo(3);
        assertThat(ErrorAnswers.rejected(this.registry, "http_414")).isOne();
    }

    @Test
    void everyContractErrorHasItsCounterFromTheStart() {
        for (ApiError error : ApiError.values()) {
            assertThat(this.registry.find("bright_counter.requests.rejected").tag("reason", error.reason()).counter())
                .as(error.reason())
                .isNotNull();
        }
    }

    @Test
    void theStatusesTheContainerSetsItselfMapToTheirContractErrors() {
        assertThat(RejectionMetrics.forContainerStatus(400)).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(RejectionMetrics.forContainerStatus(404)).isEqualTo(ApiError.NOT_FOUND);
        assertThat(RejectionMetrics.forContainerStatus(501)).isEqualTo(ApiError.NOT_IMPLEMENTED);
        assertThat(RejectionMetrics.forContainerStatus(401)).isNull();
        assertThat(RejectionMetrics.forContainerStatus(503)).isNull();
    }

    @Test
    void theEnvelopeIsSentWithItsLength() throws IOException {
        this.rejections.respond(this.request, this.response, ApiError.NOT_FOUND);
        assertThat(this.response.getContentLength()).isEqualTo(Envelopes.envelope("Not found.", 404).length());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusalIsLoggedByItsReason(CapturedOutput output) throws IOException {
        this.rejections.respond(this.request, this.response, ApiError.INVALID_TIMESTAMP);
        assertThat(output).contains("Rejected request: reason=invalid_timestamp").doesNotContain("Shedding load");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void sheddingLoadIsAWarningNotARefusalLine(CapturedOutput output) throws IOException {
        new Rejections(new RejectionMetrics(this.registry), JsonMapper.builder().build()).respond(this.request,
                this.response, ApiError.OVERLOADED);
        assertThat(output).contains("Shedding load: a request could not start in time")
            .doesNotContain("reason=overloaded");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnreachableStoreIsAWarningWithItsCause(CapturedOutput output) throws IOException {
        new Rejections(new RejectionMetrics(this.registry), JsonMapper.builder().build())
            .respondStoreUnavailable(this.request, this.response, new IllegalStateException("connection refused"));
        assertThat(output).contains("The database cannot be reached; answering 503 until it can: connection refused")
            .doesNotContain("reason=store_unavailable");
    }

}
