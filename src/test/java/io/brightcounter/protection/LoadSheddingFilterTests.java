package io.brightcounter.protection;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * A request's admission through the shedding filter: refused at once when it has waited
 * its time already, otherwise holding its permit for the work and giving it back before
 * its answer is written.
 */
class LoadSheddingFilterTests {

    private final Rejections rejections = mock(Rejections.class);

    private final Semaphore pool = new Semaphore(1);

    @Test
    void aRequestThatHasWaitedItsTimeAlreadyIsRefusedWithoutGoingOn() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create");
        request.setContent(new byte[100]);
        ServletInputStream body = request.getInputStream();
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] served = { false };
        filter(Duration.ofSeconds(-1)).doFilter(request, response, (req, res) -> served[0] = true);
        assertThat(served[0]).isFalse();
        assertThat(body.available()).as("its small body read, so the connection is kept").isZero();
        assertThat(Admission.of(request)).isNull();
        verify(this.rejections).respond(request, response, ApiError.OVERLOADED);
    }

    @Test
    void aRequestInTimeGoesOnWithItsAdmissionAndGivesThePermitBackAfterwards() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/devices");
        Admission[] seen = new Admission[1];
        filter(Duration.ofMinutes(5)).doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            Admission admission = Objects.requireNonNull(Admission.of(req));
            seen[0] = admission;
            assertThat(admission.acquire(this.pool)).isTrue();
            assertThat(admission.isOverdue(System.nanoTime())).isFalse();
        });
        assertThat(seen[0]).isSameAs(Admission.of(request));
        assertThat(this.pool.availablePermits()).isOne();
        verifyNoInteractions(this.rejections);
    }

    @Test
    void thePermitIsGivenBackEvenWhenTheWorkFails() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/devices");
        FilterChain failing = (req, res) -> {
            assertThat(Objects.requireNonNull(Admission.of(req)).acquire(this.pool)).isTrue();
            throw new IllegalStateException("boom");
        };
        try {
            filter(Duration.ofMinutes(5)).doFilter(request, new MockHttpServletResponse(), failing);
        }
        catch (Exception ex) {
            assertThat(ex).hasMessage("boom");
        }
        assertThat(this.pool.availablePermits()).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = { "getOutputStream", "getWriter", "flushBuffer" })
    void thePermitIsGivenBackBeforeTheAnswerIsWritten(String write) throws Exception {
        int[] availableOnceWriting = { -1 };
        filter(Duration.ofMinutes(5)).doFilter(new MockHttpServletRequest("GET", "/api/devices"),
                new MockHttpServletResponse(), (req, res) -> {
                    assertThat(Objects.requireNonNull(Admission.of(req)).acquire(this.pool)).isTrue();
                    assertThat(this.pool.availablePermits()).isZero();
                    HttpServletResponse response = (HttpServletResponse) res;
                    switch (write) {
                        case "getOutputStream" -> response.getOutputStream();
                        case "getWriter" -> response.getWriter();
                        default -> response.flushBuffer();
                    }
                    availableOnceWriting[0] = this.pool.availablePermits();
                });
        assertThat(availableOnceWriting[0]).isOne();
        assertThat(this.pool.availablePermits()).isOne();
    }

    private LoadSheddingFilter filter(Duration maxWait) {
        return new LoadSheddingFilter(
                new BrightCounterProperties(1024, BrightCounterProperties.Store.MEMORY, null, null, List.of(),
                        Duration.ofSeconds(30), new BrightCounterProperties.Overload(1, 1, maxWait, null)),
                this.rejections);
    }

}
