package io.brightcounter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Connection: close} on an answer given before the request body was read, however
 * the status is set, and on no other.
 */
class EarlyAnswerFilterTests {

    private final EarlyAnswerFilter filter = new EarlyAnswerFilter();

    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create");

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    EarlyAnswerFilterTests() {
        this.request.setContent(new byte[] { '{', '}' });
    }

    @ParameterizedTest
    @ValueSource(strings = { "setStatus", "sendError", "sendError with a message" })
    void anAnswerBeforeTheBodyIsReadClosesTheConnection(String how) throws Exception {
        this.filter.doFilter(this.request, this.response, answer(how, 401));
        assertThat(this.response.getStatus()).isEqualTo(401);
        assertThat(this.response.getHeader("Connection")).isEqualTo("close");
    }

    @ParameterizedTest
    @ValueSource(strings = { "setStatus", "sendError", "sendError with a message" })
    void anAnswerAfterTheBodyWasReadKeepsTheConnection(String how) throws Exception {
        FilterChain readThenAnswer = (req, res) -> {
            req.getInputStream().readAllBytes();
            answer(how, 400).doFilter(req, res);
        };
        this.filter.doFilter(this.request, this.response, readThenAnswer);
        assertThat(this.response.getStatus()).isEqualTo(400);
        assertThat(this.response.getHeader("Connection")).isNull();
    }

    @Test
    void aSuccessBeforeTheBodyIsReadClosesTheConnectionToo() throws Exception {
        this.filter.doFilter(this.request, this.response, answer("setStatus", 200));
        assertThat(this.response.getHeader("Connection")).isEqualTo("close");
    }

    @Test
    void aStatusSetOnceTheAnswerIsCommittedAddsNothing() throws Exception {
        FilterChain commitThenAnswer = (req, res) -> {
            res.flushBuffer();
            ((HttpServletResponse) res).setStatus(500);
        };
        this.filter.doFilter(this.request, this.response, commitThenAnswer);
        assertThat(this.response.getHeader("Connection")).isNull();
    }

    @Test
    void aBodyTakenAsAReaderCountsAsRead() throws Exception {
        MockHttpServletRequest readerTaken = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public ServletInputStream getInputStream() {
                throw new IllegalStateException("getReader() has already been called");
            }

        };
        this.filter.doFilter(readerTaken, this.response, answer("setStatus", 400));
        assertThat(this.response.getStatus()).isEqualTo(400);
        assertThat(this.response.getHeader("Connection")).isNull();
    }

    private static FilterChain answer(String how, int status) {
        return (req, res) -> {
            HttpServletResponse response = (HttpServletResponse) res;
            switch (how) {
                case "setStatus" -> response.setStatus(status);
                case "sendError" -> response.sendError(status);
                default -> response.sendError(status, "refused");
            }
        };
    }

}
