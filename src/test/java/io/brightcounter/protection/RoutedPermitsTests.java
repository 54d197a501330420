package io.brightcounter.protection;

import java.time.Duration;
import java.util.List;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Which pool a routed request takes its permit from, what a request that finds none gets,
 * and the in-progress gauges that show the pools.
 */
class RoutedPermitsTests {

    private final Rejections rejections = mock(Rejections.class);

    private final RoutedPermits permits = new RoutedPermits(
            new BrightCounterProperties(1024, BrightCounterProperties.Store.MEMORY, null, null, List.of(),
                    Duration.ofSeconds(30), new BrightCounterProperties.Overload(2, 3, Duration.ZERO, null)),
            this.rejections);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    RoutedPermitsTests() {
        this.permits.bindTo(this.registry);
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET", "HEAD" })
    void aReadTakesAReadPermit(String method) throws Exception {
        assertThat(admitted(method)).isTrue();
        assertThat(inProgress("reads")).isOne();
        assertThat(inProgress("writes")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
    void aChangeTakesAWritePermit(String method) throws Exception {
        assertThat(admitted(method)).isTrue();
        assertThat(inProgress("writes")).isOne();
        assertThat(inProgress("reads")).isZero();
    }

    @Test
    void aRequestThatFindsNoPermitIsRefusedAsOverloaded() throws Exception {
        assertThat(admitted("POST")).isTrue();
        assertThat(admitted("POST")).isTrue();
        MockHttpServletRequest third = admittedRequest("POST");
        third.setContent(new byte[100]);
        ServletInputStream body = third.getInputStream();
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(this.permits.preHandle(third, response, new Object())).isFalse();
        verify(this.rejections).respond(third, response, ApiError.OVERLOADED);
        assertThat(body.available()).as("its small body read, so the connection is kept").isZero();
        assertThat(inProgress("writes")).isEqualTo(2);
        assertThat(admitted("GET")).as("reads have their own pool").isTrue();
    }

    @Test
    void aPermitGivenBackIsTakenAgain() throws Exception {
        Admission first = new Admission(System.nanoTime() + Duration.ofMinutes(5).toNanos());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create");
        first.attachTo(request);
        assertThat(this.permits.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
        assertThat(admitted("POST")).isTrue();
        first.release();
        assertThat(inProgress("writes")).isOne();
        assertThat(admitted("POST")).isTrue();
        assertThat(inProgress("writes")).isEqualTo(2);
    }

    @Test
    void aRequestThatDidNotPassTheSheddingFilterTakesNoPermit() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/health");
        assertThat(this.permits.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
        assertThat(inProgress("writes")).isZero();
        verifyNoInteractions(this.rejections);
    }

    @Test
    void theErrorPageOfAnAdmittedRequestTakesNoSecondPermit() throws Exception {
        MockHttpServletRequest request = admittedRequest("POST");
        request.setDispatcherType(DispatcherType.ERROR);
        for (int i = 0; i < 3; i++) {
            assertThat(this.permits.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
        }
        assertThat(inProgress("writes")).isZero();
        verify(this.rejections, never()).respond(any(), any(), any(ApiError.class));
    }

    private boolean admitted(String method) throws Exception {
        return this.permits.preHandle(admittedRequest(method), new MockHttpServletResponse(), new Object());
    }

    /** A request through the shedding filter, with no time left to wait for a permit. */
    private static MockHttpServletRequest admittedRequest(String method) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/devices");
        new Admission(System.nanoTime()).attachTo(request);
        return request;
    }

    private double inProgress(String pool) {
        return this.registry.get("bright_counter.requests.in_progress").tag("pool", pool).gauge().value();
    }

}
