package io.brightcounter.web;

import java.io.IOException;
import java.time.Duration;

import io.brightcounter.config.BrightCounterProperties;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestBodyReaderTests {

    private final RequestBodyReader reader = new RequestBodyReader(new BrightCounterProperties(10,
            BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ofSeconds(30), null));

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
    void limitMustBePositiveAndBelowOneGibibyte() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BrightCounterProperties(0,
                BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ofSeconds(30), null));
        assertThatIllegalArgumentException().isThrownBy(() -> new BrightCounterProperties((1 << 30) + 1,
                BrightCounterProperties.Store.MEMORY, null, null, null, Duration.ofSeconds(30), null));
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
