package io.brightcounter;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.brightcounter.testsupport.OpenApiValidation;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response check itself: it passes what the document describes and names what it does
 * not.
 */
class OpenApiValidationTests {

    private final OpenApiValidation validation = new OpenApiValidation();

    @Test
    void aDocumentedResponsePasses() {
        assertThat(problems("GET", "/api/ping", 200, headers("abc-1"), "{\"status\":\"ok\"}")).isEmpty();
        HttpHeaders unavailable = headers("abc-1");
        unavailable.set("Retry-After", "5");
        assertThat(problems("POST", "/api/device-readings/create", 503, unavailable,
                "{\"status\":\"error\",\"error_message\":\"Service unavailable.\",\"status_code\":503}"))
            .isEmpty();
    }

    @Test
    void anUndocumentedStatusIsReported() {
        assertThat(problems("GET", "/api/ping", 418, headers("abc-1"), "{}"))
            .containsExactly("status 418 is not documented");
    }

    @Test
    void aMissingOrMalformedHeaderIsReported() {
        assertThat(problems("GET", "/api/ping", 200, headers(null), "{\"status\":\"ok\"}"))
            .containsExactly("required header X-Request-Id is missing");
        assertThat(problems("GET", "/api/device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count", 503,
                headers("abc-1"),
                "{\"status\":\"error\",\"error_message\":\"Service unavailable.\",\"status_code\":503}"))
            .containsExactly("required header Retry-After is missing");
        HttpHeaders badId = headers("not a sane id");
        assertThat(problems("GET", "/api/ping", 200, badId, "{\"status\":\"ok\"}")).singleElement()
            .asString()
            .startsWith("header X-Request-Id:");
    }

    @Test
    void aBodyOffTheSchemaIsReported() {
        assertThat(problems("GET", "/api/device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count", 200,
                headers("abc-1"), "{\"cumulative_count\":\"23\"}"))
            .singleElement()
            .asString()
            .startsWith("body:");
        assertThat(problems("POST", "/api/device-readings/create", 400, headers("abc-1"),
                "{\"status\":\"error\",\"error_message\":\"Bad.\"}"))
            .singleElement()
            .asString()
            .startsWith("body:");
    }

    @Test
    void pathsAndMethodsTheDocumentDoesNotDescribeAreNotChecked() {
        assertThat(problems("GET", "/api/no-such-path", 404, headers(null), "")).isEmpty();
        assertThat(problems("DELETE", "/api/ping", 405, headers(null), "")).isEmpty();
    }

    private java.util.List<String> problems(String method, String path, int status, HttpHeaders headers, String body) {
        return this.validation.problems(method, URI.create("http://localhost" + path), status, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpHeaders headers(String requestId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setCacheControl("no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (requestId != null) {
            headers.set("X-Request-Id", requestId);
        }
        return headers;
    }

}
