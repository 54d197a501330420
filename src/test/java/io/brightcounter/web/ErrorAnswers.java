package io.brightcounter.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** What the error answers of this package's unit tests are checked against. */
final class ErrorAnswers {

    private ErrorAnswers() {
    }

    /** An envelope answer: its status, JSON, and the message. */
    static void assertAnswer(ResponseEntity<ErrorBody> answer, int status, String message) {
        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getBody()).isEqualTo(new ErrorBody("error", message, status));
    }

    /** Requests counted as rejected under a reason; 0 when the counter does not exist. */
    static double rejected(MeterRegistry registry, String reason) {
        Counter counter = registry.find("bright_counter.requests.rejected").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

}
