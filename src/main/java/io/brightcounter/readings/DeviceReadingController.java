package io.brightcounter.readings;

import java.io.IOException;
import java.util.UUID;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.JsonResponses;
import io.brightcounter.web.RequestBodyReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The device readings endpoints. The create body is read as raw bytes and parsed as JSON
 * whatever its {@code Content-Type}: clients of the original service post with
 * {@code curl -d}, which sends a form content type.
 */
@RestController
@RequestMapping("/api/device-readings")
class DeviceReadingController {

    /** What a create did, in headers so that the original's body stays as it was. */
    static final String READINGS_STORED = "Readings-Stored";

    static final String READINGS_DUPLICATE = "Readings-Duplicate";

    static final String READINGS_CONFLICTING = "Readings-Conflicting";

    private final DeviceReadingStore store;

    private final CreateRequestParser parser;

    private final RequestBodyReader bodyReader;

    private final ReadingMetrics metrics;

    DeviceReadingController(DeviceReadingStore store, CreateRequestParser parser, RequestBodyReader bodyReader,
            ReadingMetrics metrics) {
        this.store = store;
        this.parser = parser;
        this.bodyReader = bodyReader;
        this.metrics = metrics;
    }

    @PostMapping("/create")
    void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CreateRequest create = this.parser.parse(this.bodyReader.read(request));
        AddResult result = this.store.add(create.deviceId(), create.readings());
        this.metrics.record(result);
        response.setIntHeader(READINGS_STORED, result.stored());
        response.setIntHeader(READINGS_DUPLICATE, result.duplicates());
        response.setIntHeader(READINGS_CONFLICTING, result.conflicts());
        JsonResponses.write(response, HttpServletResponse.SC_CREATED, JsonResponses.STATUS_OK);
    }

    @GetMapping("/{deviceId}/latest-timestamp")
    void latestTimestamp(@PathVariable String deviceId, HttpServletResponse response) throws IOException {
        String timestamp = find(deviceId).latest().format();
        byte[] body = JsonResponses.ascii("{\"timestamp\":\"" + timestamp + "\"}");
        JsonResponses.write(response, HttpServletResponse.SC_OK, body);
    }

    @GetMapping("/{deviceId}/cumulative-count")
    void cumulativeCount(@PathVariable String deviceId, HttpServletResponse response) throws IOException {
        long count = find(deviceId).cumulativeCount();
        byte[] body = JsonResponses.ascii("{\"cumulative_count\":" + count + "}");
        JsonResponses.write(response, HttpServletResponse.SC_OK, body);
    }

    private DeviceTotals find(String deviceId) {
        UUID id = DeviceIds.parseOrNull(deviceId);
        if (id == null) {
            throw ApiError.INVALID_DEVICE_ID.exception();
        }
        return this.store.totals(id).orElseThrow(ApiError.DEVICE_NOT_FOUND::exception);
    }

}
