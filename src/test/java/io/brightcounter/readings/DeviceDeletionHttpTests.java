package io.brightcounter.readings;

import java.util.UUID;

import io.brightcounter.testsupport.OpenApiValidation;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.Envelopes.envelope;

/**
 * {@code DELETE /api/devices/{id}} with admin keys configured, over HTTP: who may delete,
 * what the answer says, and that the device is then gone as if never seen.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.admin-api-keys=admin-key", "bright-counter.api-keys=api-key" })
@AutoConfigureRestTestClient
@Import(OpenApiValidation.class)
class DeviceDeletionHttpTests {

    private static final String ADMIN = "Bearer admin-key";

    @Autowired
    private RestTestClient client;

    @Test
    void anAdminKeyDeletesTheDeviceAndAReadingSentAgainIsNewAgain() {
        String id = UUID.randomUUID().toString();
        createWith(id, "Bearer api-key", 201);
        this.client.delete()
            .uri("/api/devices/" + id)
            .header("Authorization", ADMIN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .isEqualTo("{\"status\":\"ok\",\"deleted_readings\":2}");
        this.client.get()
            .uri("/api/devices/" + id)
            .header("Authorization", "Bearer api-key")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .isEqualTo(envelope("Device readings not found.", 404));
        // As if never seen: the same readings are stored and counted again.
        createWith(id, "Bearer api-key", 201);
        this.client.get()
            .uri("/api/devices/" + id + "?fields=readings")
            .header("Authorization", "Bearer api-key")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .isEqualTo("{\"readings\":2}");
    }

    @Test
    void aMissingOrWrongOrNonAdminKeyIsRefusedAndDeletesNothing() {
        String id = UUID.randomUUID().toString();
        createWith(id, ADMIN, 201);
        for (String authorization : new String[] { null, "Bearer wrong", "Bearer api-key", "admin-key" }) {
            RestTestClient.RequestHeadersSpec<?> delete = this.client.delete().uri("/api/devices/" + id);
            if (authorization != null) {
                delete = delete.header("Authorization", authorization);
            }
            delete.exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer")
                .expectBody(String.class)
                .isEqualTo(envelope("Missing or invalid API key.", 401));
        }
        this.client.get()
            .uri("/api/devices/" + id + "?fields=readings")
            .header("Authorization", ADMIN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .isEqualTo("{\"readings\":2}");
    }

    @Test
    void anInvalidIdIs400AndAnUnknownDevice404() {
        this.client.delete()
            .uri("/api/devices/not-a-device")
            .header("Authorization", ADMIN)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody(String.class)
            .isEqualTo(envelope("Device ID must be valid UUID string.", 400));
        this.client.delete()
            .uri("/api/devices/" + UUID.randomUUID())
            .header("Authorization", ADMIN)
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .isEqualTo(envelope("Device readings not found.", 404));
    }

    private void createWith(String id, String authorization, int status) {
        this.client.post()
            .uri("/api/device-readings/create")
            .header("Authorization", authorization)
            .contentType(MediaType.APPLICATION_JSON)
            .body(create(id, reading(9, "2021-09-29T16:09:15+01:00"), reading(14, "2021-09-29T16:08:15+01:00")))
            .exchange()
            .expectStatus()
            .isEqualTo(status);
    }

}
