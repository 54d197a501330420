package io.brightcounter.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads megabytes past the 4 MiB limit, sent in full before the response is read, with
 * a declared length and chunked: the client gets the 413 envelope and the connection is
 * closed rather than drained. Slow enough to belong to the verify tier; the limit itself
 * is checked byte-exact in {@link ContractHttpTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LargeBodyIT {

    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    @LocalServerPort
    private int port;

    @ParameterizedTest(name = "{0} bytes over the limit")
    @ValueSource(ints = { 3 * 1024 * 1024, 20 * 1024 * 1024 })
    void bodyFarOverTheLimitReturns413EvenWhenSentInFullBeforeReading(int excess) throws IOException {
        String id = UUID.randomUUID().toString();
        String json = create(id, reading(3, "2021-09-29T16:09:15Z"));
        byte[] body = (json + " ".repeat(MAX_REQUEST_BYTES + excess - json.length())).getBytes(StandardCharsets.UTF_8);
        RawHttp.Response declared = RawHttp.post(this.port, "/api/device-readings/create", body);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.header("Content-Type")).isEqualTo("application/json");
        assertThat(declared.header("Connection")).isEqualTo("close");
        assertThat(declared.body()).isEqualTo(envelope("Request body too large.", 413));
        RawHttp.Response chunked = RawHttp.postChunked(this.port, "/api/device-readings/create", body, 64 * 1024);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).isEqualTo(envelope("Request body too large.", 413));
        RawHttp.Response count = RawHttp.exchange(this.port, "GET /api/device-readings/" + id
                + "/cumulative-count HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(count.status()).isEqualTo(404);
        assertThat(count.body()).isEqualTo(envelope("Device readings not found.", 404));
    }

}
