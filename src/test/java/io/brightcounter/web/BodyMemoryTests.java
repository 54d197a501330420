package io.brightcounter.web;

import java.time.Duration;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.BrightCounterProperties.Overload;
import jakarta.servlet.ServletRequestEvent;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodyMemoryTests {

    @Test
    void theBudgetIsTheSettingWhenItHoldsTheLargestBody() {
        assertThat(new BodyMemory(properties(10 * 1024, DataSize.ofKilobytes(100))).availableKib()).isEqualTo(100);
    }

    @Test
    void theBudgetAlwaysHoldsOneBodyOfTheLargestSizeTwice() {
        assertThat(new BodyMemory(properties(10 * 1024, DataSize.ofKilobytes(1))).availableKib()).isEqualTo(20);
    }

    @Test
    void theBudgetIsAnEighthOfTheHeapByDefault() {
        long eighth = Runtime.getRuntime().maxMemory() / 8;
        assertThat(new BodyMemory(properties(1024, null)).availableKib())
            .isEqualTo((int) Math.min(Integer.MAX_VALUE, Math.max(2048, eighth) / 1024));
    }

    @Test
    void aBodyIsCountedAtTwiceItsSizeRoundedUpToWholeKibibytes() {
        assertThat(taken(1)).isEqualTo(1);
        assertThat(taken(512)).isEqualTo(1);
        assertThat(taken(513)).isEqualTo(2);
        assertThat(taken(1024)).isEqualTo(2);
    }

    @Test
    void aGrowingBodyTakesOnlyWhatItDidNotHoldAndGivesAllBackOnce() {
        BodyMemory memory = new BodyMemory(64 * 1024, 0);
        MockHttpServletRequest request = new MockHttpServletRequest();
        memory.reserve(request, 4 * 1024);
        assertThat(memory.availableKib()).isEqualTo(64 - 8);
        memory.reserve(request, 2 * 1024);
        assertThat(memory.availableKib()).as("a smaller body holds what it has").isEqualTo(64 - 8);
        memory.reserve(request, 8 * 1024);
        assertThat(memory.availableKib()).isEqualTo(64 - 16);
        ServletRequestEvent end = new ServletRequestEvent(new MockServletContext(), request);
        memory.requestDestroyed(end);
        assertThat(memory.availableKib()).isEqualTo(64);
        memory.requestDestroyed(end);
        assertThat(memory.availableKib()).as("given back once").isEqualTo(64);
    }

    @Test
    void aRequestThatReservedNothingGivesNothingBack() {
        BodyMemory memory = new BodyMemory(4 * 1024, 0);
        memory.requestDestroyed(new ServletRequestEvent(new MockServletContext(), new MockHttpServletRequest()));
        assertThat(memory.availableKib()).isEqualTo(4);
    }

    @Test
    void aBodyThatFindsNoRoomIsRefusedAndTakesNothing() {
        BodyMemory memory = new BodyMemory(4 * 1024, 0);
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> memory.reserve(request, 2 * 1024 + 1))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.OVERLOADED));
        assertThat(memory.availableKib()).isEqualTo(4);
        memory.requestDestroyed(new ServletRequestEvent(new MockServletContext(), request));
        assertThat(memory.availableKib()).isEqualTo(4);
    }

    @Test
    void anInterruptedWaitIsRefusedAndKeepsTheInterrupt() {
        BodyMemory memory = new BodyMemory(0, Duration.ofMinutes(5).toNanos());
        Thread.currentThread().interrupt();
        try {
            assertThatExceptionOfType(ApiException.class)
                .isThrownBy(() -> memory.reserve(new MockHttpServletRequest(), 1))
                .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.OVERLOADED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    private static int taken(long bodyBytes) {
        BodyMemory memory = new BodyMemory(64 * 1024, 0);
        memory.reserve(new MockHttpServletRequest(), bodyBytes);
        return 64 - memory.availableKib();
    }

    private static BrightCounterProperties properties(int maxRequestBytes, DataSize maxBodyMemory) {
        return new BrightCounterProperties(maxRequestBytes, BrightCounterProperties.Store.MEMORY, null, null, null,
                Duration.ofSeconds(30), new Overload(null, null, Duration.ofSeconds(1), maxBodyMemory));
    }

}
