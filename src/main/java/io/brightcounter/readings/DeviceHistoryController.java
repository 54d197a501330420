package io.brightcounter.readings;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import io.brightcounter.config.AdminProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.BearerKeys;
import io.brightcounter.web.JsonResponses;
import io.brightcounter.web.Rejections;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A device's history: its readings page by page, its series in buckets for charts, and
 * its deletion. Every request is checked whole, in the contract's order, before the store
 * is asked anything.
 */
@RestController
@RequestMapping("/api/devices")
class DeviceHistoryController {

    private static final String FROM = "from";

    private static final String TO = "to";

    private static final String STEP = "step";

    private final DeviceReadingStore store;

    private final BearerKeys adminKeys;

    private final Rejections rejections;

    DeviceHistoryController(DeviceReadingStore store, AdminProperties admin, Rejections rejections) {
        this.store = store;
        this.adminKeys = new BearerKeys(admin.adminApiKeys());
        this.rejections = rejections;
    }

    @GetMapping("/{deviceId}/readings")
    void readings(@PathVariable String deviceId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID id = deviceId(deviceId);
        String query = request.getQueryString();
        Timestamp from = HistoryQuery.timestamp(QueryParameters.values(query, FROM), ApiError.INVALID_FROM);
        Timestamp to = HistoryQuery.timestamp(QueryParameters.values(query, TO), ApiError.INVALID_TO);
        if (from != null && to != null && to.epochSecond() <= from.epochSecond()) {
            throw ApiError.EMPTY_RANGE.exception();
        }
        int limit = HistoryQuery.limit(QueryParameters.values(query, "limit"));
        ReadingPage page = this.store
            .readings(id, (from != null) ? from.epochSecond() : Long.MIN_VALUE,
                    (to != null) ? to.epochSecond() : Long.MAX_VALUE, limit)
            .orElseThrow(ApiError.DEVICE_NOT_FOUND::exception);
        DeviceHistoryWriter.page(id, page).writeTo(response);
    }

    @GetMapping("/{deviceId}/series")
    void series(@PathVariable String deviceId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID id = deviceId(deviceId);
        String query = request.getQueryString();
        List<String> fromValues = QueryParameters.values(query, FROM);
        List<String> toValues = QueryParameters.values(query, TO);
        List<String> stepValues = QueryParameters.values(query, STEP);
        if (fromValues.isEmpty()) {
            throw ApiError.FROM_REQUIRED.exception();
        }
        if (toValues.isEmpty()) {
            throw ApiError.TO_REQUIRED.exception();
        }
        if (stepValues.isEmpty()) {
            throw ApiError.STEP_REQUIRED.exception();
        }
        Timestamp from = HistoryQuery.timestamp(fromValues.get(0), ApiError.INVALID_FROM);
        Timestamp to = HistoryQuery.timestamp(toValues.get(0), ApiError.INVALID_TO);
        long step = HistoryQuery.stepSeconds(stepValues.get(0));
        long span = to.epochSecond() - from.epochSecond();
        if (span <= 0) {
            throw ApiError.EMPTY_RANGE.exception();
        }
        long buckets = (span + step - 1) / step;
        if (buckets > HistoryQuery.MAX_BUCKETS) {
            throw ApiError.TOO_MANY_BUCKETS.exception();
        }
        Series series = this.store.series(id, from.epochSecond(), to.epochSecond(), step, (int) buckets)
            .orElseThrow(ApiError.DEVICE_NOT_FOUND::exception);
        DeviceHistoryWriter.series(id, from, step, series).writeTo(response);
    }

    /**
     * Deletion is off without admin keys (403), and asks for one when on (401), before
     * anything else about the request.
     */
    @DeleteMapping("/{deviceId}")
    void delete(@PathVariable String deviceId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (this.adminKeys.isEmpty()) {
            throw ApiError.DELETION_DISABLED.exception();
        }
        if (!this.adminKeys.authorizes(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            this.rejections.respond(request, response, ApiError.UNAUTHORIZED);
            return;
        }
        UUID id = deviceId(deviceId);
        OptionalLong deleted = this.store.delete(id);
        if (deleted.isEmpty()) {
            throw ApiError.DEVICE_NOT_FOUND.exception();
        }
        JsonResponses.write(response, HttpServletResponse.SC_OK,
                JsonResponses.ascii("{\"status\":\"ok\",\"deleted_readings\":" + deleted.getAsLong() + "}"));
    }

    private static UUID deviceId(String text) {
        UUID id = DeviceIds.parseOrNull(text);
        if (id == null) {
            throw ApiError.INVALID_DEVICE_ID.exception();
        }
        return id;
    }

}
