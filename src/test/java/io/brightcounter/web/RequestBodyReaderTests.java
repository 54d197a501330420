package io.brightcounter.web;

import java.io.IOException;
import java.time.Duration;

import io.brightcounter.config.BrightCounterProperties;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequestEvent;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyReaderTests {

    private static final BrightCounterProperties PROPERTIES = new BrightCounterProperties(10,
            BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ofSeconds(30), null);

    private final RequestBodyReader reader = new RequestBodyReader(PROPERTIES, new BodyMemory(PROPERTIES));

    /**
     * Issue 22, finding 3: bodies are counted against memory, and one that finds no room
     * is told to come back (503) rather than allocated into an {@code OutOfMemoryError}.
     */
    @Test
    void aBodyThatFindsNoRoomIsRefusedUntilAnEarlierRequestEnds() throws IOException {
        // Room for two bodies of 10 bytes: each is counted as 1 KiB, twice its size
        // rounded up.
        BodyMemory memory = new BodyMemory(2048, 0);
        RequestBodyReader reader = new RequestBodyReader(PROPERTIES, memory);
        MockHttpServletRequest first = request(new byte[10], true);
        assertThat(reader.read(first)).hasSize(10);
        assertThat(reader.read(request(new byte[10], false))).hasSize(10);
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> reader.read(request(new byte[10], true)))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.OVERLOADED));
        memory.requestDestroyed(new ServletRequestEvent(new MockServletContext(), first));
        assertThat(memory.availableKib()).isEqualTo(1);
        assertThat(reader.read(request(new byte[10], true))).hasSize(10);
    }

    @Test
    void readWhenBodyIsExactlyTheLimitReturnsIt() throws IOException {
        assertThat(this.reader.read(request(new byte[10], true))).hasSize(10);
        assertThat(this.reader.read(request(new byte[10], false))).hasSize(10);
    }

    @Test
    void readWhenDeclaredLengthIsOverTheLimitRefusesBeforeReading() throws IOException {
        MockHttpServletRequest request = request(new byte[11], true);
        // The mock's content array stays whole whatever is read; its stream shows what
        // was consumed.
        ServletInputStream body = request.getInputStream();
        assertTooLarge(request);
        assertThat(body.available()).as("bytes left unread").isEqualTo(11);
        assertThat(body.isFinished()).isFalse();
    }

    @Test
    void readWhenUndeclaredBodyPassesTheLimitRefuses() {
        assertTooLarge(request(new byte[11], false));
    }

    private void assertTooLarge(MockHttpServletRequest request) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.reader.read(request))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.BODY_TOO_LARGE));
    }

    private static MockHttpServletRequest request(byte[] body, boolean declareLength) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public long getContentLengthLong() {
                return declareLength ? super.getContentLengthLong() : -1;
            }

        };
        request.setContent(body);
        return request;
    }

}
