package io.brightcounter.protection;

import java.io.IOException;
import java.util.UUID;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's protections, switched on: API keys (two, as during a rotation) and a
 * small capacity.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.api-keys=old-key-4f1c, new-key-9a2e", "bright-counter.max-stored-readings=3" })
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class ProtectionsHttpTests {

    private static final String UNAUTHORIZED = envelope("Missing or invalid API key.", 401);

    private static final String OK = "{\"status\":\"ok\"}";

    private static final String FULL = envelope("Storage capacity reached.", 507);

    @Autowired
    private RestTestClient client;

    @LocalServerPort
    private int port;

    @Test
    void pingNeedsNoKey() {
        this.client.get().uri("/api/ping").exchange().expectStatus().isOk();
    }

    @Test
    void deviceSummariesNeedAKeyLikeEveryApiPath() {
        UUID device = UUID.randomUUID();
        this.client.get()
            .uri("/api/devices/{id}", device)
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .isEqualTo(UNAUTHORIZED);
        this.client.get()
            .uri("/api/devices?id={id}", device)
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .isEqualTo(UNAUTHORIZED);
        this.client.get()
            .uri("/api/devices/{id}", device)
            .header("Authorization", "Bearer new-key-9a2e")
            .exchange()
            .expectStatus()
            .isNotFound();
        this.client.get()
            .uri("/api/devices?id={id}", device)
            .header("Authorization", "Bearer old-key-4f1c")
            .exchange()
            .expectStatus()
            .isOk();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Bearer", "Bearer ", "Bearer wrong", "Basic b2xkLWtleS00ZjFj", "old-key-4f1c",
            "Bearer old-key-4f1", "Bearer old-key-4f1cc", "Bearer new-key-9a2e old-key-4f1c" })
    void requestsWithoutAValidKeyGet401(String authorization) {
        var request = this.client.get().uri("/api/device-readings/{id}/cumulative-count", UUID.randomUUID());
        if (!authorization.isEmpty()) {
            request = request.header("Authorization", authorization);
        }
        request.exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .valueEquals("WWW-Authenticate", "Bearer")
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo(UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer old-key-4f1c", "Bearer new-key-9a2e", "bearer new-key-9a2e" })
    void eitherKeyOfARotationIsAccepted(String authorization) {
        this.client.get()
            .uri("/api/device-readings/{id}/cumulative-count", UUID.randomUUID())
            .header("Authorization", authorization)
            .exchange()
            .expectStatus()
            .isNotFound();
    }

    @Test
    void unknownApiPathsAskForAKeyToo() {
        this.client.get().uri("/api/nothing-here").exchange().expectStatus().isUnauthorized();
        this.client.get()
            .uri("/api/nothing-here")
            .header("Authorization", "Bearer new-key-9a2e")
            .exchange()
            .expectStatus()
            .isNotFound();
    }

    @Test
    void theKeyIsCheckedBeforeTheBodyIsRead() throws IOException {
        RawHttp.Response response = RawHttp.exchange(this.port, "POST /api/device-readings/create HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Length: 999999999\r\n\r\n{");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "//api/device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count",
            "/./api/device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count",
            "/api/ping/../device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count", "/api/ping;a=b" })
    void oddPathsDoNotGetPastTheKeyCheck(String path) throws IOException {
        RawHttp.Response response = get(path);
        // The key check answers 401, or the container refuses the path with 400. Nothing
        // else will do:
        // past the check these paths get the ping's 200 or, matched by no handler, a 404.
        assertThat(response.body()).as("%d %s", response.status(), path)
            .isIn(UNAUTHORIZED, envelope("Bad request.", 400))
            .contains("\"status_code\":" + response.status() + "}");
    }

    @Test
    void apiPathsInAnotherCaseAreNotFound() throws IOException {
        // Not under /api, so no key is asked for; were paths matched ignoring case, this
        // would reach the
        // controller and answer "Device readings not found." without a key.
        RawHttp.Response response = get("/API/device-readings/063c5957-8905-45f9-bfe3-960713788919/cumulative-count");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(envelope("Not found.", 404));
    }

    @Test
    void keysNeverReachTheLog(CapturedOutput output) {
        this.client.get()
            .uri("/api/device-readings/{id}/cumulative-count", UUID.randomUUID())
            .header("Authorization", "Bearer old-key-4f1c")
            .exchange();
        this.client.get().uri("/api/nothing").header("Authorization", "Bearer guessed-key-77").exchange();
        assertThat(output).doesNotContain("old-key-4f1c")
            .doesNotContain("new-key-9a2e")
            .doesNotContain("guessed-key-77");
    }

    @Test
    void aBatchBeyondCapacityGets507AndReadsGoOn() {
        String device = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        post(create(device, reading(1, "2021-09-29T16:00:00Z"), reading(2, "2021-09-29T16:00:01Z")), 201, OK);
        post(create(other, reading(5, "2021-09-29T16:00:00Z"), reading(6, "2021-09-29T16:00:01Z")), 507, FULL);
        // Duplicates take no room; an invalid batch still gets its 400.
        post(create(device, reading(9, "2021-09-29T16:00:00Z")), 201, OK);
        post(create(other, reading(0, "2021-09-29T16:00:00Z")), 400,
                envelope("Field 'readings' contains invalid 'count' value. Must be positive integer.", 400));
        post(create(other, reading(5, "2021-09-29T16:00:00Z")), 201, OK);
        post(create(other, reading(5, "2021-09-29T16:00:01Z")), 507, FULL);
        this.client.get()
            .uri("/api/device-readings/{id}/cumulative-count", device)
            .header("Authorization", "Bearer new-key-9a2e")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .isEqualTo("{\"cumulative_count\":3}");
    }

    private RawHttp.Response get(String path) throws IOException {
        return RawHttp.exchange(this.port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private void post(String createBody, int status, String body) {
        this.client.post()
            .uri("/api/device-readings/create")
            .header("Authorization", "Bearer old-key-4f1c")
            .body(createBody)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody(String.class)
            .isEqualTo(body);
    }

}
