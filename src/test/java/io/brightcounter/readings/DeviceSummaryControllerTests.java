package io.brightcounter.readings;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.EdgeProperties;
import io.brightcounter.web.RejectionMetrics;
import io.brightcounter.web.Rejections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(DeviceSummaryController.class)
@Import({ DeviceSummaryMetrics.class, RejectionMetrics.class, Rejections.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties({ BrightCounterProperties.class, EdgeProperties.class })
class DeviceSummaryControllerTests {

    private static final String A = "063c5957-8905-45f9-bfe3-960713788919";

    private static final String B = "1f0e6a41-6c5e-4c4f-9a87-3c1d2b7e8f90";

    private static final String C = "8d7f3a2c-1b4e-4f6a-8c9d-0e1f2a3b4c5d";

    /** 9 at 2021-09-29T16:09:15+01:00 and 14 at 2021-09-29T16:08:15+01:00. */
    private static final DeviceTotals TOTALS = new DeviceTotals(23, 2, 1632928155L, 3600, 1632928095L, 3600);

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private DeviceReadingStore store;

    @Autowired
    private MeterRegistry registry;

    @ParameterizedTest(name = "[{index}] ?{0}")
    @MethodSource("fieldsParameters")
    void summaryWritesTheChosenFieldsInContractOrder(String query, String body) {
        given(this.store.totals(UUID.fromString(A))).willReturn(Optional.of(TOTALS));
        assertThat(this.mvc.get().uri(URI.create("/api/devices/" + A + "?" + query))).hasStatus(200)
            .hasContentType(MediaType.APPLICATION_JSON)
            .body()
            .asString()
            .isEqualTo(body);
    }

    static Stream<Arguments> fieldsParameters() {
        String all = "{\"device_id\":\"" + A + "\",\"latest_timestamp\":\"2021-09-29T16:09:15+0100\","
                + "\"earliest_timestamp\":\"2021-09-29T16:08:15+0100\",\"cumulative_count\":23,\"readings\":2}";
        return Stream.of(arguments("", all), arguments("other=readings", all),
                arguments("fields=device_id,readings,latest_timestamp,earliest_timestamp,cumulative_count", all),
                arguments("fields=readings,latest_timestamp",
                        "{\"latest_timestamp\":\"2021-09-29T16:09:15+0100\",\"readings\":2}"),
                arguments("fields=cumulative_count&fields=cumulative_count", "{\"cumulative_count\":23}"),
                arguments("fields=cumulative_count%2Cdevice_id",
                        "{\"device_id\":\"" + A + "\",\"cumulative_count\":23}"),
                arguments("field=readings&fields=earliest_timestamp",
                        "{\"earliest_timestamp\":\"2021-09-29T16:08:15+0100\"}"));
    }

    @ParameterizedTest(name = "[{index}] ?{0}")
    @MethodSource("invalidRequests")
    void invalidRequestsGetTheirMessageWithoutAskingTheStore(String path, String message) {
        assertThat(this.mvc.get().uri(URI.create(path))).hasStatus(400)
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo(message);
        verifyNoInteractions(this.store);
    }

    static Stream<Arguments> invalidRequests() {
        String fields = "Query parameter 'fields' must list known fields.";
        String id = "Device ID must be valid UUID string.";
        String required = "Query parameter 'id' is required.";
        return Stream.of(arguments("/api/devices/" + A + "?fields=", fields),
                arguments("/api/devices/" + A + "?fields=readings,", fields),
                arguments("/api/devices/" + A + "?fields=readings&fields=", fields),
                arguments("/api/devices/" + A + "?fields=READINGS", fields),
                arguments("/api/devices/" + A + "?fields=readings+", fields),
                arguments("/api/devices?id=" + A + "&fields=nope", fields),
                arguments("/api/devices/" + A.toUpperCase().replace("-45F9", "-15F9") + "?fields=nope", id),
                arguments("/api/devices?id=" + A + ",x&fields=nope", id), arguments("/api/devices?id=" + A + ",,", id),
                arguments("/api/devices?id=" + A + "&id=", id), arguments("/api/devices?id=" + A + "+", id),
                arguments("/api/devices", required), arguments("/api/devices?fields=nope", required),
                arguments("/api/devices?id=", required), arguments("/api/devices?id=,&id", required),
                arguments("/api/devices?ID=" + A, required));
    }

    @Test
    void lookupAsksTheStoreOnceForEachDistinctDeviceInOrderOfFirstMention() {
        given(this.store.totals(any(Collection.class))).willReturn(Map.of(UUID.fromString(B), TOTALS));
        String query = "id=" + C.toUpperCase() + "," + B + "&id=" + C + "%2C" + A + "&id=" + B.toUpperCase()
                + "&fields=readings";
        assertThat(this.mvc.get().uri(URI.create("/api/devices?" + query))).hasStatus(200)
            .body()
            .asString()
            .isEqualTo("{\"devices\":[{\"device_id\":\"" + B + "\",\"readings\":2}],\"not_found\":[\"" + C + "\",\"" + A
                    + "\"]}");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Collection<UUID>> asked = ArgumentCaptor.forClass(Collection.class);
        verify(this.store).totals(asked.capture());
        assertThat(asked.getValue()).containsExactly(UUID.fromString(C), UUID.fromString(B), UUID.fromString(A));
        assertThat(this.registry.get("bright_counter.device.summaries").tag("result", "found").counter().count())
            .isEqualTo(1);
        assertThat(this.registry.get("bright_counter.device.summaries").tag("result", "not_found").counter().count())
            .isEqualTo(2);
    }

    @Test
    void lookupRefusesMoreThan1000DistinctDevicesBeforeAskingTheStore() {
        StringBuilder query = new StringBuilder("id=" + A.toUpperCase());
        for (int i = 0; i < 999; i++) {
            query.append(',').append(UUID.randomUUID());
        }
        given(this.store.totals(any(Collection.class))).willReturn(Map.of());
        assertThat(this.mvc.get().uri("/api/devices?" + query + "&id=" + A)).hasStatus(200);
        assertThat(this.mvc.get().uri("/api/devices?" + query + "&id=" + B)).hasStatus(400)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Query parameter 'id' lists more than 1000 devices.");
        verify(this.store).totals(any(Collection.class));
    }

    @Test
    void summaryOfAnUnknownDeviceIs404() {
        given(this.store.totals(UUID.fromString(A))).willReturn(Optional.empty());
        assertThat(this.mvc.get().uri("/api/devices/" + A + "?fields=readings")).hasStatus(404)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Device readings not found.");
    }

    @Test
    void queryValuesAreDecodedAndMalformedEscapesKeptAsSent() {
        assertThat(QueryParameters.values("id=a%2Cb&x=1&id&id=%zz&%69d=c+d", "id")).containsExactly("a,b", "", "%zz",
                "c d");
        assertThat(QueryParameters.values(null, "id")).isEmpty();
        assertThat(QueryParameters.values("&&=&", "id")).isEmpty();
        assertThat(List.of(SummaryField.values())).extracting(SummaryField::key)
            .containsExactly("device_id", "latest_timestamp", "earliest_timestamp", "cumulative_count", "readings");
    }

}
