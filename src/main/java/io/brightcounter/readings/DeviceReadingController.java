package io.brightcounter.readings;

import java.io.IOException;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.brightcounter.system.ApiError;
import io.brightcounter.system.RequestBodyReader;
import io.brightcounter.system.StatusBody;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The device readings endpoints. The create body is read as raw bytes and parsed as JSON
 * whatever its {@code Content-Type}: clients of the original service post with {@code curl -d},
 * which sends a form content type.
 */
@RestController
@RequestMapping("/api/device-readings")
class DeviceReadingController {

    private final DeviceReadingStore store;

    private final ReadingBatchParser parser;

    private final RequestBodyReader bodyReader;

    DeviceReadingController(DeviceReadingStore store, ReadingBatchParser parser, RequestBodyReader bodyReader) {
        this.store = store;
        this.parser = parser;
        this.bodyReader = bodyReader;
    }

    @PostMapping("/create")
    ResponseEntity<StatusBody> create(HttpServletRequest request) throws IOException {
        CreateRequest create = this.parser.parse(this.bodyReader.read(request));
        this.store.add(create.deviceId(), create.readings());
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(StatusBody.OK);
    }

    @GetMapping("/{deviceId}/latest-timestamp")
    ResponseEntity<LatestTimestampBody> latestTimestamp(@PathVariable String deviceId) {
        DeviceTotals totals = find(deviceId);
        return ResponseEntity.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .body(new LatestTimestampBody(totals.latest().format()));
    }

    @GetMapping("/{deviceId}/cumulative-count")
    ResponseEntity<CumulativeCountBody> cumulativeCount(@PathVariable String deviceId) {
        DeviceTotals totals = find(deviceId);
        return ResponseEntity.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .body(new CumulativeCountBody(totals.cumulativeCount()));
    }

    private DeviceTotals find(String deviceId) {
        UUID id = DeviceIds.parseOrNull(deviceId);
        if (id == null) {
            throw ApiError.INVALID_DEVICE_ID.exception();
        }
        return this.store.totals(id).orElseThrow(ApiError.DEVICE_NOT_FOUND::exception);
    }

    record LatestTimestampBody(String timestamp) {
    }

    record CumulativeCountBody(@JsonProperty("cumulative_count") long cumulativeCount) {
    }

}
