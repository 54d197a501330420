package io.brightcounter.web;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestIdFilterTests {

    private final RequestIdFilter filter = new RequestIdFilter();

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void newIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdFilter.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).hasSize(36);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = { "abc", "A-Z.a_z:0-9", "x", "0123456789012345678901234567890123456789012345678901234567890123" })
    void aSaneClientIdIsEchoedAndLoggedWith(String sent) throws Exception {
        this.request.addHeader(RequestIdFilter.HEADER, sent);
        AtomicReference<String> logged = new AtomicReference<>();
        this.filter.doFilter(this.request, this.response, (req, res) -> logged.set(MDC.get(RequestIdFilter.MDC_KEY)));
        assertThat(this.response.getHeader(RequestIdFilter.HEADER)).isEqualTo(sent);
        assertThat(logged).hasValue(sent);
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).as("left in the context").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "with space", "new\nline", "semi;colon", "quote\"", "\u00e9",
            "01234567890123456789012345678901234567890123456789012345678901234" })
    void anythingElseIsReplacedByANewId(String sent) throws Exception {
        this.request.addHeader(RequestIdFilter.HEADER, sent);
        AtomicReference<String> logged = new AtomicReference<>();
        this.filter.doFilter(this.request, this.response, (req, res) -> logged.set(MDC.get(RequestIdFilter.MDC_KEY)));
        assertNewId(logged.get());
    }

    @Test
    void aRequestWithoutAnIdGetsANewOne() throws Exception {
        AtomicReference<String> logged = new AtomicReference<>();
        this.filter.doFilter(this.request, this.response, (req, res) -> logged.set(MDC.get(RequestIdFilter.MDC_KEY)));
        assertNewId(logged.get());
        assertThat(this.request.getAttribute(RequestIdFilter.FAULT_LOGGED)).isNull();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFaultThatEscapesIsLoggedWithTheIdOnceAndPassedOn(CapturedOutput output) {
        this.request.addHeader(RequestIdFilter.HEADER, "fault-id-1");
        AtomicReference<String> logged = new AtomicReference<>();
        FilterChain failing = (req, res) -> {
            logged.set(MDC.get(RequestIdFilter.MDC_KEY));
            throw new IllegalStateException("simulated escape");
        };
        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing))
            .withMessage("simulated escape");
        assertThat(logged).hasValue("fault-id-1");
        assertThat(this.request.getAttribute(RequestIdFilter.FAULT_LOGGED)).isEqualTo(Boolean.TRUE);
        assertThat(output).contains("Request failed").contains("simulated escape");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
    }

    @Test
    void checkedFaultsArePassedOnAsTheyAre() {
        IOException io = new IOException("client gone");
        assertThatExceptionOfType(IOException.class)
            .isThrownBy(() -> this.filter.doFilter(this.request, this.response, (req, res) -> {
                throw io;
            }))
            .isSameAs(io);
        assertThat(this.request.getAttribute(RequestIdFilter.FAULT_LOGGED)).isEqualTo(Boolean.TRUE);
        ServletException servlet = new ServletException("broken");
        MockHttpServletRequest other = new MockHttpServletRequest();
        assertThatExceptionOfType(ServletException.class)
            .isThrownBy(() -> this.filter.doFilter(other, new MockHttpServletResponse(), (req, res) -> {
                throw servlet;
            }))
            .isSameAs(servlet);
        assertThat(other.getAttribute(RequestIdFilter.FAULT_LOGGED)).isEqualTo(Boolean.TRUE);
    }

    private void assertNewId(String logged) {
        String id = this.response.getHeader(RequestIdFilter.HEADER);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(logged).isEqualTo(id);
    }

}
