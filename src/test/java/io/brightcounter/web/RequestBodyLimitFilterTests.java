package io.brightcounter.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.testsupport.Envelopes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code max-request-bytes} on every request: a declared length over it is refused
 * unread, and a body of unknown length is cut off at the first byte past it, however it
 * is read.
 */
class RequestBodyLimitFilterTests {

    private static final int LIMIT = 10;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(
            new BrightCounterProperties(LIMIT, BrightCounterProperties.Store.MEMORY, null, null, null,
                    Duration.ofSeconds(30), null),
            new Rejections(new RejectionMetrics(this.registry), JsonMapper.builder().build()));

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private final AtomicReference<ServletRequest> passedOn = new AtomicReference<>();

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() throws Exception {
        MockHttpServletRequest request = request(new byte[LIMIT + 1], true, false);
        this.filter.doFilter(request, this.response, (req, res) -> this.passedOn.set(req));
        assertThat(this.passedOn).hasNullValue();
        assertThat(this.response.getStatus()).isEqualTo(413);
        assertThat(this.response.getContentAsString()).isEqualTo(Envelopes.envelope("Request body too large.", 413));
        assertThat(ErrorAnswers.rejected(this.registry, "body_too_large")).isOne();
        assertThat(request.getInputStream().available()).as("bytes left unread").isEqualTo(LIMIT + 1);
    }

    @Test
    void aDeclaredLengthAtTheLimitIsPassedOnAsItIs() throws Exception {
        MockHttpServletRequest request = request(new byte[LIMIT], true, false);
        this.filter.doFilter(request, this.response, (req, res) -> this.passedOn.set(req));
        assertThat(this.passedOn).hasValue(request);
        assertThat(this.response.getStatus()).isEqualTo(200);
    }

    @Test
    void aBodyOfUnknownLengthWithoutATransferCodingIsPassedOnAsItIs() throws Exception {
        MockHttpServletRequest request = request(new byte[LIMIT + 5], false, false);
        this.filter.doFilter(request, this.response, (req, res) -> this.passedOn.set(req));
        assertThat(this.passedOn).hasValue(request);
    }

    @Test
    void aChunkedBodyAtTheLimitIsReadWhole() throws Exception {
        ServletInputStream body = limited(request(bytes("0123456789"), false, true)).getInputStream();
        byte[] buffer = new byte[64];
        int length = 0;
        for (int n = body.read(buffer, length, buffer.length - length); n > 0; n = body.read(buffer, length,
                buffer.length - length)) {
            length += n;
        }
        assertThat(new String(buffer, 0, length, StandardCharsets.US_ASCII)).isEqualTo("0123456789");
        assertThat(body.read()).isEqualTo(-1);
        assertThat(body.isFinished()).isTrue();
    }

    @Test
    void aChunkedBodyReadInBlocksIsRefusedPastTheLimit() throws Exception {
        ServletInputStream body = limited(request(bytes("0123456789A"), false, true)).getInputStream();
        byte[] buffer = new byte[6];
        assertThat(body.read(buffer, 0, 6)).isEqualTo(6);
        assertThat(body.read(buffer, 0, 4)).isEqualTo(4);
        assertTooLarge(() -> body.read(buffer, 0, 6));
    }

    @Test
    void aChunkedBodyReadByteByByteIsRefusedAtTheFirstBytePastTheLimit() throws Exception {
        // Zero bytes: each one counts, though it reads as 0.
        ServletInputStream body = limited(request(new byte[LIMIT + 2], false, true)).getInputStream();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(body.read()).isZero();
        }
        assertTooLarge(body::read);
    }

    @Test
    void theLimitedStreamIsTheSameForEveryCall() throws Exception {
        HttpServletRequest limited = limited(request(bytes("0123456789A"), false, true));
        ServletInputStream first = limited.getInputStream();
        assertThat(limited.getInputStream()).isSameAs(first);
        assertThat(first.read(new byte[6], 0, 6)).isEqualTo(6);
        // Counted across calls: a second stream would start counting again.
        assertTooLarge(() -> limited.getInputStream().read(new byte[6], 0, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = { "UTF-8", "ISO-8859-1" })
    void theReaderDecodesWithTheRequestsCharset(String charset) throws Exception {
        MockHttpServletRequest request = request("\u00e9t\u00e9".getBytes(charset), false, true);
        request.setCharacterEncoding(charset);
        assertThat(limited(request).getReader().readLine()).isEqualTo("\u00e9t\u00e9");
    }

    @Test
    void theReaderIsLimitedByBytesNotCharacters() throws Exception {
        // Six characters, twelve bytes.
        MockHttpServletRequest request = request(
                "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9".getBytes(StandardCharsets.UTF_8), false, true);
        request.setCharacterEncoding("UTF-8");
        BufferedReader reader = limited(request).getReader();
        assertTooLarge(reader::readLine);
    }

    @Test
    void theReaderDecodesUtf8WhenTheRequestNamesNoCharset() throws Exception {
        MockHttpServletRequest request = request("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), false, true);
        assertThat(request.getCharacterEncoding()).isNull();
        assertThat(limited(request).getReader().readLine()).isEqualTo("\u00e9t\u00e9");
    }

    @Test
    void theLimitedStreamAnswersForTheStreamItWraps() throws Exception {
        StubStream stub = new StubStream(bytes("abc"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public ServletInputStream getInputStream() {
                return stub;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }

        };
        request.addHeader("Transfer-Encoding", "chunked");
        ServletInputStream body = limited(request).getInputStream();
        assertThat(body.available()).isEqualTo(3);
        assertThat(body.isFinished()).isFalse();
        assertThat(body.isReady()).isFalse();
        stub.ready = true;
        assertThat(body.isReady()).isTrue();
        ReadListener listener = new ReadListener() {

            @Override
            public void onDataAvailable() {
            }

            @Override
            public void onAllDataRead() {
            }

            @Override
            public void onError(Throwable t) {
            }

        };
        body.setReadListener(listener);
        assertThat(stub.listener).isSameAs(listener);
        assertThat(body.readAllBytes()).isEqualTo(bytes("abc"));
        assertThat(body.isFinished()).isTrue();
        assertThat(body.available()).isZero();
    }

    private HttpServletRequest limited(MockHttpServletRequest request) throws Exception {
        this.filter.doFilter(request, this.response, (req, res) -> this.passedOn.set(req));
        assertThat(this.passedOn.get()).isNotSameAs(request);
        return (HttpServletRequest) this.passedOn.get();
    }

    private static void assertTooLarge(ThrowingRead read) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(read::read)
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.BODY_TOO_LARGE));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MockHttpServletRequest request(byte[] body, boolean declareLength, boolean chunked) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/device-readings/create") {

            @Override
            public long getContentLengthLong() {
                return declareLength ? super.getContentLengthLong() : -1;
            }

        };
        request.setContent(body);
        if (chunked) {
            request.addHeader("Transfer-Encoding", "chunked");
        }
        return request;
    }

    @FunctionalInterface
    private interface ThrowingRead {

        Object read() throws IOException;

    }

    /** A stream whose readiness the test sets, and that keeps its read listener. */
    private static final class StubStream extends ServletInputStream {

        private final ByteArrayInputStream in;

        private boolean ready;

        private ReadListener listener;

        StubStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return this.in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return this.in.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return this.in.available();
        }

        @Override
        public boolean isFinished() {
            return this.in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return this.ready;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.listener = listener;
        }

    }

}
