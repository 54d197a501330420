package io.brightcounter.readings;

import java.util.Optional;
import java.util.UUID;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.EdgeProperties;
import io.brightcounter.web.BodyMemory;
import io.brightcounter.web.RejectionMetrics;
import io.brightcounter.web.Rejections;
import io.brightcounter.web.RequestBodyReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(DeviceReadingController.class)
@Import({ CreateRequestParser.class, RequestBodyReader.class, BodyMemory.class, ReadingMetrics.class,
        RejectionMetrics.class, Rejections.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties({ BrightCounterProperties.class, EdgeProperties.class })
class DeviceReadingControllerTests {

    private static final String ID = "063c5957-8905-45f9-bfe3-960713788919";

    private static final UUID DEVICE = UUID.fromString(ID);

    private static final String BODY = create(ID, reading(9, "2021-09-29T16:09:15+01:00"));

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private MeterRegistry registry;

    @MockitoBean
    private DeviceReadingStore store;

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = { "application/json", "text/plain", "application/x-www-form-urlencoded", "" })
    void createWhenValidStoresTheReadingsWhateverTheContentType(String contentType) {
        given(this.store.add(eq(DEVICE), any())).willReturn(new AddResult(1, 0, 0));
        var request = this.mvc.post().uri("/api/device-readings/create").content(BODY);
        if (!contentType.isEmpty()) {
            request = request.header("Content-Type", contentType);
        }
        assertThat(request).hasStatus(201)
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .isStrictlyEqualTo("{\"status\": \"ok\"}");
        ArgumentCaptor<ReadingBatch> readings = ArgumentCaptor.forClass(ReadingBatch.class);
        verify(this.store).add(eq(DEVICE), readings.capture());
        assertThat(readings.getValue().size()).isOne();
        assertThat(readings.getValue().count(0)).isEqualTo(9);
        assertThat(readings.getValue().epochSecond(0)).isEqualTo(1632928155L);
    }

    @Test
    void createRecordsWhatTheStoreReportsInTheIngestMetrics() {
        given(this.store.add(eq(DEVICE), any())).willReturn(new AddResult(3, 2, 1));
        double accepted = count("bright_counter.readings.accepted");
        double duplicates = count("bright_counter.readings.duplicates");
        double conflicts = count("bright_counter.reading.conflicts");
        assertThat(this.mvc.post().uri("/api/device-readings/create").content(BODY)).hasStatus(201);
        assertThat(count("bright_counter.readings.accepted") - accepted).isEqualTo(3);
        assertThat(count("bright_counter.readings.duplicates") - duplicates).isEqualTo(2);
        assertThat(count("bright_counter.reading.conflicts") - conflicts).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "{", "[]", "{\"readings\": []}",
            "{\"id\": \"063c5957-8905-45f9-bfe3-960713788919\", \"readings\": [{\"count\": 0}]}" })
    void createWhenInvalidReturns400AndStoresNothing(String body) {
        assertThat(this.mvc.post().uri("/api/device-readings/create").content(body)).hasStatus(400)
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .extractingPath("$.status_code")
            .isEqualTo(400);
        verifyNoInteractions(this.store);
    }

    @Test
    void createWhenCumulativeCountWouldOverflowReturns400() {
        willThrow(new CountOverflowException()).given(this.store).add(eq(DEVICE), any());
        assertThat(this.mvc.post().uri("/api/device-readings/create").content(BODY)).hasStatus(400)
            .bodyJson()
            .isStrictlyEqualTo("{\"status\": \"error\", \"error_message\": "
                    + "\"Cumulative count for device would exceed the supported maximum.\", \"status_code\": 400}");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void createWhenStoreFailsUnexpectedlyReturns500AndLogsTheFault(CapturedOutput output) {
        willThrow(new IllegalStateException("disk on fire at /var/secret")).given(this.store).add(eq(DEVICE), any());
        assertThat(this.mvc.post().uri("/api/device-readings/create").content(BODY)).hasStatus(500)
            .bodyJson()
            .isStrictlyEqualTo("{\"status\": \"error\", \"error_message\": \"Internal server error.\", "
                    + "\"status_code\": 500}");
        assertThat(output).contains("ERROR").contains("java.lang.IllegalStateException: disk on fire at /var/secret");
    }

    @Test
    void latestTimestampReturnsTheLatestReadingInItsOwnOffset() {
        given(this.store.totals(DEVICE))
            .willReturn(Optional.of(new DeviceTotals(23, 2, 1632928155L, 3600, 1632928095L, 3600)));
        assertThat(this.mvc.get().uri("/api/device-readings/{id}/latest-timestamp", ID)).hasStatusOk()
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .isStrictlyEqualTo("{\"timestamp\": \"2021-09-29T16:09:15+0100\"}");
    }

    @Test
    void cumulativeCountReturnsANumber() {
        given(this.store.totals(DEVICE))
            .willReturn(Optional.of(new DeviceTotals(Long.MAX_VALUE, 1, 1632931755L, 0, 1632931755L, 0)));
        assertThat(this.mvc.get().uri("/api/device-readings/{id}/cumulative-count", ID.toUpperCase())).hasStatusOk()
            .hasBodyTextEqualTo("{\"cumulative_count\":9223372036854775807}");
    }

    @Test
    void cumulativeCountWhenDeviceHasNoReadingsReturns404() {
        given(this.store.totals(DEVICE)).willReturn(Optional.empty());
        assertThat(this.mvc.get().uri("/api/device-readings/{id}/cumulative-count", ID)).hasStatus(404)
            .bodyJson()
            .isStrictlyEqualTo("{\"status\": \"error\", \"error_message\": \"Device readings not found.\", "
                    + "\"status_code\": 404}");
    }

    @Test
    void latestTimestampWhenDeviceIdInvalidReturns400WithoutAskingTheStore() {
        assertThat(this.mvc.get().uri("/api/device-readings/{id}/latest-timestamp", "not-a-uuid")).hasStatus(400)
            .bodyJson()
            .isStrictlyEqualTo("{\"status\": \"error\", \"error_message\": \"Device ID must be valid UUID string.\", "
                    + "\"status_code\": 400}");
        verifyNoInteractions(this.store);
    }

    @Test
    void createWithGetReturns405WithAllowHeader() {
        assertThat(this.mvc.get().uri("/api/device-readings/create")).hasStatus(405)
            .hasHeader("Allow", "POST")
            .bodyJson()
            .isStrictlyEqualTo(
                    "{\"status\": \"error\", \"error_message\": \"Method not allowed.\", " + "\"status_code\": 405}");
    }

    private double count(String counter) {
        return this.registry.get(counter).counter().count();
    }

}
