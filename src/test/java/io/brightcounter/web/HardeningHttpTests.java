package io.brightcounter.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.brightcounter.testsupport.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of the second hardening pass that a quick request shows (issue 10, findings
 * 1, 7, 8, 9).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.max-request-bytes=1048576")
class HardeningHttpTests {

    private static final int LIMIT = 1024 * 1024;

    private static final String TOO_LARGE = envelope("Request body too large.", 413);

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry registry;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PUT /api/ping", "PUT /anything", "POST /anything", "PATCH /api/device-readings/create",
            "DELETE /api/ping" })
    void formBodiesOverTheLimitGet413OnEveryPath(String requestLine) throws IOException {
        byte[] body = ("a=" + "b".repeat(2 * LIMIT)).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response response = RawHttp.exchange(this.port,
                concat(requestLine + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                        + "\r\n\r\n", body));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(TOO_LARGE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "multipart/form-data; boundary=xyz", "multipart/form-data", "multipart/mixed",
            "multipart/form-data; boundary=" })
    void multipartContentTypesAreReadAsJson(String contentType) throws IOException {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\": \"" + id
                + "\", \"readings\": [{\"count\": 4, \"timestamp\": \"2021-09-29T15:09:15Z\"}]}";
        RawHttp.Response response = RawHttp.exchange(this.port,
                "POST /api/device-readings/create HTTP/1.1\r\n" + "Host: localhost\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(response.status()).isEqualTo(201);
        RawHttp.Response count = RawHttp.exchange(this.port,
                "GET /api/device-readings/" + id + "/cumulative-count HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(count.body()).isEqualTo("{\"cumulative_count\":4}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n",
            "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n", "2;\u0001\r\n{}\r\n0\r\n\r\n" })
    void malformedChunkFramingGets400(String chunks) throws IOException {
        double before = rejected("bad_request");
        RawHttp.Response response = RawHttp.exchange(this.port, "POST /api/device-readings/create HTTP/1.1\r\n"
                + "Host: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(envelope("Bad request.", 400));
        assertThat(rejected("bad_request")).isEqualTo(before + 1);
    }

    @Test
    void expectContinueOverTheLimitGets413WithoutContinue() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                .write(("POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\n"
                        + "Expect: 100-continue\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    /**
     * Found by the raw fuzz test: closing after an unread body must not turn the answer
     * into a 500.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "OPTIONS /api/ping", "GET /api/ping", "OPTIONS /api/device-readings/create" })
    void aSuccessToARequestWhoseBodyIsNotReadClosesTheConnection(String requestLine) throws IOException {
        for (String expect : new String[] { "", "Expect: 100-continue\r\n" }) {
            RawHttp.Response response = RawHttp.exchange(this.port, requestLine + " HTTP/1.1\r\nHost: localhost\r\n"
                    + expect + "Content-Length: 10\r\n\r\n" + (expect.isEmpty() ? "0123456789" : ""));
            assertThat(response.status()).as(expect).isEqualTo(200);
            assertThat(response.header("Connection")).as(expect).isEqualTo("close");
        }
    }

    @Test
    void theContainersOwnRefusalsAreCountedUnderAReason() throws IOException {
        double before = rejected("bad_request");
        RawHttp.Response response = RawHttp.exchange(this.port, "GARBAGE\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(rejected("bad_request")).isEqualTo(before + 1);
    }

    private double rejected(String reason) {
        var counter = this.registry.find("bright_counter.requests.rejected").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

}
