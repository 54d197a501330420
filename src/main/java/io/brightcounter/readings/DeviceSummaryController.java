package io.brightcounter.readings;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.brightcounter.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Device summaries: every top-level figure of a device in one call, for one device or up
 * to {@value RequestedDevices#MAX_DEVICES}. Each summary comes from one
 * {@link DeviceTotals}, a single state of its device, so it never shows part of a batch.
 * Requests are checked before the store is asked anything: the id(s) first, then
 * {@code fields}.
 */
@RestController
@RequestMapping("/api/devices")
class DeviceSummaryController {

    private static final String FIELDS = "fields";

    private static final String ID = "id";

    private final DeviceReadingStore store;

    private final DeviceSummaryMetrics metrics;

    DeviceSummaryController(DeviceReadingStore store, DeviceSummaryMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @GetMapping("/{deviceId}")
    void summary(@PathVariable String deviceId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID id = DeviceIds.parseOrNull(deviceId);
        if (id == null) {
            throw ApiError.INVALID_DEVICE_ID.exception();
        }
        SummaryFields fields = SummaryFields.parse(QueryParameters.values(request.getQueryString(), FIELDS));
        DeviceTotals totals = this.store.totals(id).orElse(null);
        if (totals == null) {
            this.metrics.record(0, 1);
            throw ApiError.DEVICE_NOT_FOUND.exception();
        }
        this.metrics.record(1, 0);
        DeviceSummaryWriter.summary(id, totals, fields).writeTo(response);
    }

    @GetMapping
    void lookup(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        List<UUID> ids = RequestedDevices.parse(QueryParameters.values(query, ID));
        // The id is what ties a summary to its device in a list, so it is there whatever
        // fields says.
        SummaryFields fields = SummaryFields.parse(QueryParameters.values(query, FIELDS)).withDeviceId();
        Map<UUID, DeviceTotals> found = this.store.totals(ids);
        this.metrics.record(found.size(), ids.size() - found.size());
        DeviceSummaryWriter.lookup(ids, found, fields).writeTo(response);
    }

}
