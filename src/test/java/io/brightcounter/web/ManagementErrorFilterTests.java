package io.brightcounter.web;

import io.brightcounter.testsupport.Envelopes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port's errors in the API's envelope: its error page, a direct request
 * for it, and error statuses left without a body.
 */
class ManagementErrorFilterTests {

    private final ManagementErrorFilter filter = new ManagementErrorFilter(JsonMapper.builder().build(), "/error");

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private boolean passedOn;

    @ParameterizedTest
    @ValueSource(strings = { "/error", "/error;x=1", "/%65rror" })
    void aDirectRequestForTheErrorPageIsNotFound(String path) throws Exception {
        this.filter.doFilter(new MockHttpServletRequest("GET", path), this.response, chain(200, null));
        assertThat(this.passedOn).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(404);
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Not found.", 404));
    }

    @Test
    void theErrorPageAnswersWithTheStatusOfTheError() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 503);
        this.filter.doFilter(request, this.response, chain(200, null));
        assertThat(this.passedOn).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(503);
        assertThat(this.response.getContentType()).isEqualTo("application/json");
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Service unavailable.", 503));
    }

    @Test
    void anErrorDispatchWithoutAStatusIsNotFound() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, "500");
        this.filter.doFilter(request, this.response, chain(200, null));
        assertThat(this.response.getStatus()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 500 })
    void anErrorStatusLeftWithoutABodyGetsTheEnvelope(int status) throws Exception {
        this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health/nope"), this.response,
                chain(status, null));
        assertThat(this.passedOn).isTrue();
        assertThat(this.response.getStatus()).isEqualTo(status);
        assertThat(this.response.getContentAsString())
            .isEqualTo(Envelopes.envelope(ErrorBody.of(status).errorMessage(), status));
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 204, 304, 399 })
    void otherStatusesWithoutABodyAreLeftAsTheyAre(int status) throws Exception {
        this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), this.response, chain(status, null));
        assertThat(this.response.getStatus()).isEqualTo(status);
        assertThat(this.response.getContentAsString()).isEmpty();
    }

    @Test
    void anErrorWithABodyOfItsOwnKeepsIt() throws Exception {
        this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), this.response,
                chain(503, "{\"status\":\"DOWN\"}"));
        assertThat(this.response.getStatus()).isEqualTo(503);
        assertThat(this.response.getContentAsString()).isEqualTo("{\"status\":\"DOWN\"}");
    }

    @Test
    void anErrorWrittenThroughAStreamKeepsItsBody() throws Exception {
        FilterChain streamed = (req, res) -> {
            ((HttpServletResponse) res).setStatus(500);
            res.getOutputStream().print("partial");
        };
        this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/metrics"), this.response, streamed);
        assertThat(this.response.getContentAsString()).isEqualTo("partial");
    }

    @Test
    void aCommittedErrorIsLeftAsItIs() throws Exception {
        FilterChain committed = (req, res) -> {
            ((HttpServletResponse) res).setStatus(500);
            res.flushBuffer();
        };
        this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/metrics"), this.response, committed);
        assertThat(this.response.getContentAsString()).isEmpty();
    }

    private FilterChain chain(int status, @Nullable String body) {
        return (req, res) -> {
            this.passedOn = true;
            ((HttpServletResponse) res).setStatus(status);
            if (body != null) {
                res.getWriter().write(body);
            }
        };
    }

    @Test
    void theErrorPageIsAnsweredOnTheErrorDispatchInPlaceOfWhatWasBuffered() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/actuator/metrics");
        this.response.getOutputStream().print("partial");
        this.filter.doFilter(request, this.response, chain(200, null));
        assertThat(this.passedOn).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(500);
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Internal server error.", 500));
    }

}
