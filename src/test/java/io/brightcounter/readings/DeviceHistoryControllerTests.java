package io.brightcounter.readings;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.config.AdminProperties;
import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.EdgeProperties;
import io.brightcounter.web.RejectionMetrics;
import io.brightcounter.web.Rejections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * A device's history and series over the web layer alone, with the store mocked: the
 * range and page asked of the store, the JSON written from what it answers, and every
 * refusal made before the store is asked anything.
 */
@WebMvcTest(DeviceHistoryController.class)
@Import({ RejectionMetrics.class, Rejections.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties({ BrightCounterProperties.class, EdgeProperties.class, AdminProperties.class })
class DeviceHistoryControllerTests {

    private static final String A = "063c5957-8905-45f9-bfe3-960713788919";

    private static final UUID ID = UUID.fromString(A);

    /** 2021-09-29T16:09:15+01:00. */
    private static final long AT = 1_632_928_155L;

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private DeviceReadingStore store;

    @Test
    void aPageListsEachReadingWithItsOffsetAndCountAndNamesTheNextOne() {
        ReadingPage page = new ReadingPage(
                List.of(new StoredReading(AT, 3600, 9), new StoredReading(AT + 60, -5400, 0)),
                new StoredReading(AT + 120, 0, 4));
        given(this.store.readings(ID, AT, AT + 3600, 2)).willReturn(Optional.of(page));
        assertThat(this.mvc.get()
            .uri(URI.create("/api/devices/" + A
                    + "/readings?from=2021-09-29T16:09:15%2B01:00&to=2021-09-29T17:09:15%2B01:00&limit=2")))
            .hasStatus(200)
            .hasContentType(MediaType.APPLICATION_JSON)
            .body()
            .asString()
            .isEqualTo("{\"device_id\":\"" + A + "\",\"readings\":[{\"timestamp\":\"2021-09-29T16:09:15+0100\","
                    + "\"count\":9},{\"timestamp\":\"2021-09-29T13:40:15-0130\",\"count\":null}],"
                    + "\"next\":\"2021-09-29T15:11:15+0000\"}");
    }

    @Test
    void withoutARangeTheWholeHistoryIsAskedForAPageOfTheDefaultSize() {
        given(this.store.readings(ID, Long.MIN_VALUE, Long.MAX_VALUE, 1000))
            .willReturn(Optional.of(new ReadingPage(List.of(), null)));
        assertThat(this.mvc.get().uri("/api/devices/" + A + "/readings")).hasStatus(200)
            .body()
            .asString()
            .isEqualTo("{\"device_id\":\"" + A + "\",\"readings\":[],\"next\":null}");
    }

    @Test
    void aRangeOpenAtOneEndIsAskedOpenAtThatEnd() {
        given(this.store.readings(ID, AT, Long.MAX_VALUE, 1000))
            .willReturn(Optional.of(new ReadingPage(List.of(new StoredReading(AT, 3600, 5)), null)));
        given(this.store.readings(ID, Long.MIN_VALUE, AT, 1000))
            .willReturn(Optional.of(new ReadingPage(List.of(), null)));
        assertThat(this.mvc.get().uri(URI.create("/api/devices/" + A + "/readings?from=2021-09-29T15:09:15Z")))
            .hasStatus(200)
            .body()
            .asString()
            .contains("\"count\":5");
        assertThat(this.mvc.get().uri(URI.create("/api/devices/" + A + "/readings?to=2021-09-29T15:09:15Z")))
            .hasStatus(200)
            .body()
            .asString()
            .contains("\"readings\":[]");
    }

    @Test
    void aSeriesWritesEachBucketFromItsStartInTheOffsetOfFrom() {
        given(this.store.series(ID, AT, AT + 7200 + 1, 3600, 3))
            .willReturn(Optional.of(new Series(new long[] { 14, 0, 3 }, new long[] { 2, 0, 1 })));
        assertThat(this.mvc.get()
            .uri(URI.create("/api/devices/" + A
                    + "/series?from=2021-09-29T16:09:15%2B01:00&to=2021-09-29T17:09:16Z&step=PT1H")))
            .hasStatus(200)
            .hasContentType(MediaType.APPLICATION_JSON)
            .body()
            .asString()
            .isEqualTo("{\"device_id\":\"" + A + "\",\"step_seconds\":3600,\"buckets\":["
                    + "{\"start\":\"2021-09-29T16:09:15+0100\",\"cumulative_count\":14,\"readings\":2},"
                    + "{\"start\":\"2021-09-29T17:09:15+0100\",\"cumulative_count\":0,\"readings\":0},"
                    + "{\"start\":\"2021-09-29T18:09:15+0100\",\"cumulative_count\":3,\"readings\":1}]}");
    }

    /**
     * The buckets are the range divided by the step, rounded up, and at most 10,000: a
     * range of exactly 10,000 steps is taken, one second more is refused.
     */
    @Test
    void aSeriesOfExactlyTheMostBucketsIsTakenAndOneSecondMoreRefused() {
        given(this.store.series(ID, AT, AT + 10_000, 1, 10_000)).willReturn(Optional.of(Series.empty(10_000)));
        String from = "2021-09-29T15:09:15Z";
        assertThat(this.mvc.get()
            .uri(URI.create("/api/devices/" + A + "/series?from=" + from + "&to=2021-09-29T17:55:55Z&step=PT1S")))
            .hasStatus(200);
        assertThat(this.mvc.get()
            .uri(URI.create("/api/devices/" + A + "/series?from=" + from + "&to=2021-09-29T17:55:56Z&step=PT1S")))
            .hasStatus(400)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Query range has more than 10000 buckets.");
    }

    @Test
    void theHistoryOrSeriesOfAnUnknownDeviceIs404() {
        given(this.store.readings(ID, Long.MIN_VALUE, Long.MAX_VALUE, 1000)).willReturn(Optional.empty());
        given(this.store.series(ID, AT, AT + 60, 60, 1)).willReturn(Optional.empty());
        assertThat(this.mvc.get().uri("/api/devices/" + A + "/readings")).hasStatus(404)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Device readings not found.");
        assertThat(this.mvc.get()
            .uri(URI
                .create("/api/devices/" + A + "/series?from=2021-09-29T15:09:15Z&to=2021-09-29T15:10:15Z&step=PT1M")))
            .hasStatus(404)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Device readings not found.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidRequests")
    void invalidRequestsGetTheirMessageWithoutAskingTheStore(String path, int status, String message) {
        assertThat(this.mvc.get().uri(URI.create(path))).hasStatus(status)
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo(message);
        verifyNoInteractions(this.store);
    }

    static Stream<Arguments> invalidRequests() {
        String readings = "/api/devices/" + A + "/readings";
        String series = "/api/devices/" + A + "/series";
        String range = "from=2021-09-29T15:09:15Z&to=2021-09-29T16:09:15Z";
        String empty = "Query parameter 'to' must be after 'from'.";
        return Stream.of(
                arguments("/api/devices/" + A.replace("-45f9", "-15f9") + "/readings", 400,
                        "Device ID must be valid UUID string."),
                arguments("/api/devices/not-a-uuid/series?" + range + "&step=PT1M", 400,
                        "Device ID must be valid UUID string."),
                arguments(readings + "?from=yesterday", 400,
                        "Query parameter 'from' must be ISO-8601 timestamp string."),
                arguments(readings + "?to=yesterday", 400, "Query parameter 'to' must be ISO-8601 timestamp string."),
                arguments(readings + "?from=2021-09-29T15:09:15Z&to=2021-09-29T15:09:15Z", 400, empty),
                arguments(readings + "?from=2021-09-29T15:09:15Z&to=2021-09-29T15:09:14Z", 400, empty),
                arguments(readings + "?limit=0", 400, "Query parameter 'limit' must be an integer from 1 to 10000."),
                arguments(series + "?to=2021-09-29T16:09:15Z&step=PT1M", 400, "Query parameter 'from' is required."),
                arguments(series + "?from=2021-09-29T15:09:15Z&step=PT1M", 400, "Query parameter 'to' is required."),
                arguments(series + "?" + range, 400, "Query parameter 'step' is required."),
                arguments(series + "?from=x&to=2021-09-29T16:09:15Z&step=PT1M", 400,
                        "Query parameter 'from' must be ISO-8601 timestamp string."),
                arguments(series + "?from=2021-09-29T15:09:15Z&to=x&step=PT1M", 400,
                        "Query parameter 'to' must be ISO-8601 timestamp string."),
                arguments(series + "?" + range + "&step=P1", 400,
                        "Query parameter 'step' must be ISO-8601 duration of at least one second."),
                arguments(series + "?from=2021-09-29T15:09:15Z&to=2021-09-29T15:09:15Z&step=PT1M", 400, empty),
                arguments(series + "?from=2021-09-29T15:09:15Z&to=2021-09-29T15:09:14Z&step=PT1M", 400, empty));
    }

    @Test
    void withoutAdminKeysDeletingIsForbiddenBeforeTheDeviceIdIsRead() {
        assertThat(this.mvc.delete().uri("/api/devices/not-a-uuid")).hasStatus(403)
            .bodyJson()
            .extractingPath("$.error_message")
            .isEqualTo("Deleting devices is not enabled.");
        verifyNoInteractions(this.store);
    }

}
