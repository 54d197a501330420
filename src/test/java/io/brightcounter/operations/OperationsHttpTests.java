package io.brightcounter.operations;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.brightcounter.testsupport.ManagementEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators and client teams see: Actuator on its own port, metrics, request ids,
 * API docs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class OperationsHttpTests {

    private static final Pattern SAMPLE = Pattern.compile("^(bright_counter_[a-z_]+(?:\\{[^}]*\\})?) (\\S+)$",
            Pattern.MULTILINE);

    @Autowired
    private RestTestClient client;

    @LocalManagementPort
    private int managementPort;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void healthProbesAreUpOnTheManagementPort() {
        assertThat(management("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        assertThat(management("/actuator/health/liveness")).contains("\"status\":\"UP\"");
        assertThat(management("/actuator/health")).contains("\"status\":\"UP\"");
    }

    @Test
    void infoShowsTheBuild() {
        JsonNode info = this.json.readTree(management("/actuator/info"));
        assertThat(info.path("build").path("version").asString()).isNotBlank();
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("bright-counter");
    }

    @Test
    void sbomOfTheApplicationIsServedOnTheManagementPort() {
        JsonNode sboms = this.json.readTree(management("/actuator/sbom"));
        assertThat(sboms.path("ids").valueStream().map(JsonNode::asString)).contains("application");
        JsonNode sbom = this.json.readTree(management("/actuator/sbom/application"));
        assertThat(sbom.path("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(sbom.path("metadata").path("component").path("name").asString()).isEqualTo("bright-counter");
        assertThat(sbom.path("components").valueStream().map((component) -> component.path("name").asString()))
            .contains("spring-boot", "fastutil", "RoaringBitmap", "postgresql")
            .doesNotContain("junit-jupiter-api", "json-schema-validator");
    }

    @Test
    void prometheusCountsEveryOutcomeExactly() {
        Map<String, Double> before = metrics();
        String device = UUID.randomUUID().toString();
        post(create(device, reading(5, "2021-09-29T16:00:00Z"), reading(6, "2021-09-29T16:01:00Z"),
                reading(7, "2021-09-29T16:02:00Z")), 201);
        // One duplicate with the same count, one with another count, and one new reading.
        post(create(device, reading(5, "2021-09-29T16:00:00Z"), reading(99, "2021-09-29T17:01:00+01:00"),
                reading(8, "2021-09-29T16:03:00Z")), 201);
        post("{\"id\": ", 400);
        post(create(device, reading(0, "2021-09-29T16:00:00Z")), 400);
        this.client.get().uri("/api/no-such-path").exchange().expectStatus().isNotFound();
        this.client.delete().uri("/api/ping").exchange().expectStatus().isEqualTo(405);
        this.client.get().uri("/api/devices/" + device).exchange().expectStatus().isOk();
        this.client.get().uri("/api/devices?id=" + device + "," + UUID.randomUUID()).exchange().expectStatus().isOk();
        Map<String, Double> after = metrics();
        assertThat(delta(before, after, "bright_counter_readings_accepted_total")).isEqualTo(4);
        assertThat(delta(before, after, "bright_counter_readings_duplicates_total")).isEqualTo(2);
        assertThat(delta(before, after, "bright_counter_requests_rejected_total{reason=\"invalid_json\"}"))
            .isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_requests_rejected_total{reason=\"invalid_count\"}"))
            .isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_requests_rejected_total{reason=\"not_found\"}")).isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_requests_rejected_total{reason=\"method_not_allowed\"}"))
            .isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_readings_stored")).isEqualTo(4);
        assertThat(delta(before, after, "bright_counter_devices")).isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_device_summaries_total{result=\"found\"}")).isEqualTo(2);
        assertThat(delta(before, after, "bright_counter_device_summaries_total{result=\"not_found\"}")).isEqualTo(1);
        assertThat(delta(before, after, "bright_counter_storage_bytes")).isPositive();
        assertThat(after).containsKeys("bright_counter_reading_conflicts_total", "bright_counter_storage_fill_ratio",
                "bright_counter_storage_max_bytes");
        assertThat(after.get("bright_counter_storage_fill_ratio"))
            .isEqualTo(after.get("bright_counter_storage_bytes") / after.get("bright_counter_storage_max_bytes"));
        assertThat(management("/actuator/prometheus")).contains("http_server_requests_seconds_count")
            .contains("jvm_memory_used_bytes");
    }

    @Test
    void requestIdsAreEchoedOrMadeAndLogged(CapturedOutput output) {
        this.client.get()
            .uri("/api/device-readings/not-a-device/cumulative-count")
            .header("X-Request-Id", "client-chosen-42")
            .exchange()
            .expectHeader()
            .valueEquals("X-Request-Id", "client-chosen-42");
        // Tracing is off by default: the request id alone, no trace id beside it.
        assertThat(output).containsPattern("\\[client-chosen-42\\] [^\\[]*Rejected request: reason=invalid_device_id");
        String made = this.client.get()
            .uri("/api/ping")
            .header("X-Request-Id", "not sane {" + "x".repeat(100) + "}")
            .exchange()
            .returnResult()
            .getResponseHeaders()
            .getFirst("X-Request-Id");
        assertThat(made).matches("[0-9a-f-]{36}");
    }

    @Test
    void apiDocsListEveryPathMethodAndStatusOfTheContract() {
        JsonNode docs = this.json.readTree(this.client.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
        assertThat(docs.path("openapi").asString()).startsWith("3.1");
        Map<String, List<String>> expected = Map.of("/api/ping get", List.of("200", "403", "405", "500", "503"),
                "/api/device-readings/create post",
                List.of("201", "400", "401", "403", "405", "408", "413", "500", "503", "507"),
                "/api/device-readings/{device_id}/latest-timestamp get",
                List.of("200", "400", "401", "403", "404", "405", "500", "503"),
                "/api/device-readings/{device_id}/cumulative-count get",
                List.of("200", "400", "401", "403", "404", "405", "500", "503"), "/api/devices/{device_id} get",
                List.of("200", "400", "401", "403", "404", "405", "500", "503"), "/api/devices get",
                List.of("200", "400", "401", "403", "405", "500", "503"));
        expected.forEach((operation, statuses) -> {
            String[] parts = operation.split(" ");
            JsonNode responses = docs.path("paths").path(parts[0]).path(parts[1]).path("responses");
            assertThat(responses.propertyNames()).as(operation).containsExactlyInAnyOrderElementsOf(statuses);
        });
        JsonNode badRequests = docs.path("paths")
            .path("/api/device-readings/create")
            .path("post")
            .path("responses")
            .path("400")
            .path("content")
            .path("application/json")
            .path("examples");
        assertThat(badRequests.size()).isEqualTo(9);
        assertThat(badRequests.path("invalid_timestamp").path("value").path("error_message").asString())
            .isEqualTo("Field 'readings' contains invalid 'timestamp' value. Must be ISO-8601 timestamp string.");
        JsonNode created = docs.path("paths")
            .path("/api/device-readings/create")
            .path("post")
            .path("responses")
            .path("201")
            .path("headers");
        assertThat(created.propertyNames()).contains("Readings-Stored", "Readings-Duplicate");
        JsonNode lookupErrors = docs.path("paths")
            .path("/api/devices")
            .path("get")
            .path("responses")
            .path("400")
            .path("content")
            .path("application/json")
            .path("examples");
        assertThat(lookupErrors.propertyNames()).containsExactlyInAnyOrder("invalid_device_id", "invalid_fields",
                "device_ids_required", "too_many_device_ids");
        assertThat(lookupErrors.path("too_many_device_ids").path("value").path("error_message").asString())
            .isEqualTo("Query parameter 'id' lists more than 1000 devices.");
        assertThat(docs.path("paths")
            .path("/api/device-readings/create")
            .path("post")
            .path("responses")
            .path("403")
            .path("content")
            .path("application/json")
            .path("examples")
            .path("origin_not_allowed")
            .path("value")
            .path("error_message")
            .asString()).isEqualTo("Origin not allowed.");
        this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        this.client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    private void post(String body, int status) {
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status);
    }

    private String management(String path) {
        return ManagementEndpoints.okBody(this.managementPort, path);
    }

    private Map<String, Double> metrics() {
        Map<String, Double> samples = new HashMap<>();
        Matcher matcher = SAMPLE.matcher(management("/actuator/prometheus"));
        while (matcher.find()) {
            samples.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

}
