package io.brightcounter.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;

import io.brightcounter.config.BrightCounterProperties;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequestEvent;
import org.apache.coyote.BadRequestException;
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

    @Test
    void aDeclaredBodyIsReadNoFurtherThanItsLength() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public long getContentLengthLong() {
                return 3;
            }

        };
        request.setContent(new byte[] { 1, 2, 3, 4, 5 });
        assertThat(this.reader.read(request)).containsExactly(1, 2, 3);
        assertThat(request.getInputStream().available()).as("bytes left unread").isEqualTo(2);
    }

    @Test
    void anEmptyBodyIsReadAsNoBytes() {
        assertThat(this.reader.read(request(new byte[0], true))).isEmpty();
        assertThat(this.reader.read(request(new byte[0], false))).isEmpty();
    }

    /**
     * A declared body reserves room for all of itself before a byte is read, not buffer
     * by buffer as it arrives.
     */
    @Test
    void aDeclaredBodyThatFindsNoRoomIsRefusedBeforeAByteIsRead() throws IOException {
        BodyMemory memory = new BodyMemory(150 * 1024, 0);
        RequestBodyReader reader = new RequestBodyReader(properties(1024 * 1024, Duration.ofSeconds(30)), memory);
        MockHttpServletRequest request = request(randomBytes(100 * 1024), true);
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> reader.read(request))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.OVERLOADED));
        assertThat(request.getInputStream().available()).as("bytes left unread").isEqualTo(100 * 1024);
        assertThat(memory.availableKib()).isEqualTo(150);
    }

    /**
     * A chunked body past the first buffer grows it by doubling, up to one byte past the
     * limit, reserving the old buffer and the new one (each counted twice) before it
     * grows.
     */
    @Test
    void aChunkedBodyGrowsItsBufferAndReservesEachSizeBeforeGrowing() {
        BodyMemory memory = new BodyMemory(4 * 1024 * 1024, 0);
        int limit = 200_000;
        RequestBodyReader reader = new RequestBodyReader(properties(limit, Duration.ofSeconds(30)), memory);
        byte[] body = randomBytes(150_000);
        assertThat(reader.read(request(body, false))).isEqualTo(body);
        // 64 KiB, then 64 + 128 KiB, then 128 KiB + the limit and one byte, each twice.
        long lastReserved = 2L * (128 * 1024 + limit + 1);
        assertThat(memory.availableKib()).isEqualTo(4 * 1024 - (int) ((lastReserved + 1023) / 1024));
    }

    @Test
    void aChunkedBodyWithinTheFirstBufferReservesOnlyThatBuffer() {
        BodyMemory memory = new BodyMemory(4 * 1024 * 1024, 0);
        RequestBodyReader reader = new RequestBodyReader(properties(1024 * 1024, Duration.ofSeconds(30)), memory);
        byte[] body = randomBytes(1000);
        assertThat(reader.read(request(body, false))).isEqualTo(body);
        assertThat(memory.availableKib()).isEqualTo(4 * 1024 - 128);
    }

    @Test
    void aChunkedBodyOfExactlyTheFirstBufferIsReturnedWhole() {
        byte[] body = randomBytes(64 * 1024);
        RequestBodyReader reader = new RequestBodyReader(properties(1024 * 1024, Duration.ofSeconds(30)),
                new BodyMemory(4 * 1024 * 1024, 0));
        assertThat(reader.read(request(body, false))).isEqualTo(body);
    }

    @Test
    void aChunkedBodyOneBytePastTheLimitAfterGrowingIsRefused() {
        int limit = 100_000;
        RequestBodyReader reader = new RequestBodyReader(properties(limit, Duration.ofSeconds(30)),
                new BodyMemory(4 * 1024 * 1024, 0));
        assertThat(reader.read(request(randomBytes(limit), false))).hasSize(limit);
        assertThatExceptionOfType(ApiException.class)
            .isThrownBy(() -> reader.read(request(randomBytes(limit + 1), false)))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.BODY_TOO_LARGE));
    }

    @Test
    void aBodyStillArrivingPastTheReadTimeIsARequestTimeout() {
        RequestBodyReader reader = new RequestBodyReader(properties(10, Duration.ofNanos(1)),
                new BodyMemory(1024 * 1024, 0));
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> reader.read(request(new byte[5], true)))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.REQUEST_TIMEOUT));
    }

    @Test
    void aReadThatFailsIsARequestTimeout() {
        assertThatExceptionOfType(ApiException.class)
            .isThrownBy(() -> this.reader.read(failingRequest(new IOException("Read timed out"))))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.REQUEST_TIMEOUT));
    }

    @Test
    void malformedChunkFramingIsABadRequest() {
        assertThatExceptionOfType(ApiException.class)
            .isThrownBy(() -> this.reader.read(failingRequest(new BadRequestException("Invalid chunk header"))))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.BAD_REQUEST));
    }

    private static MockHttpServletRequest failingRequest(IOException failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {

                    @Override
                    public int read() throws IOException {
                        throw failure;
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(jakarta.servlet.ReadListener listener) {
                    }

                };
            }

        };
        return request;
    }

    private static BrightCounterProperties properties(int maxRequestBytes, Duration maxBodyReadTime) {
        return new BrightCounterProperties(maxRequestBytes, BrightCounterProperties.Store.MEMORY, null, null, null,
                maxBodyReadTime, null);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
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
