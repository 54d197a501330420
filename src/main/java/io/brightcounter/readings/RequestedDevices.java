package io.brightcounter.readings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.brightcounter.web.ApiError;

/** The devices a multi-device lookup names in its {@code id} parameters. */
final class RequestedDevices {

    /**
     * Most distinct devices one lookup may name: bounds the response and, on PostgreSQL,
     * the query.
     */
    static final int MAX_DEVICES = 1000;

    private RequestedDevices() {
    }

    /**
     * Parses every value of the {@code id} parameter, each one id or comma-separated ids.
     * Checked in this order: some id named at all, every id valid (an empty one between
     * commas is not), at most {@link #MAX_DEVICES} distinct devices.
     * @return each device once, in order of first mention (ids in either case are one
     * device)
     * @throws io.brightcounter.web.ApiException {@code DEVICE_IDS_REQUIRED},
     * {@code INVALID_DEVICE_ID} or {@code TOO_MANY_DEVICE_IDS}
     */
    static List<UUID> parse(List<String> values) {
        Set<UUID> devices = new LinkedHashSet<>();
        boolean emptyId = false;
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int end = value.indexOf(',', start);
                if (end < 0) {
                    end = value.length();
                }
                if (end == start) {
                    emptyId = true;
                }
                else {
                    UUID id = DeviceIds.parseOrNull(value.subSequence(start, end));
                    if (id == null) {
                        throw ApiError.INVALID_DEVICE_ID.exception();
                    }
                    devices.add(id);
                }
                start = end + 1;
            }
        }
        if (devices.isEmpty()) {
            throw ApiError.DEVICE_IDS_REQUIRED.exception();
        }
        if (emptyId) {
            throw ApiError.INVALID_DEVICE_ID.exception();
        }
        if (devices.size() > MAX_DEVICES) {
            throw ApiError.TOO_MANY_DEVICE_IDS.exception();
        }
        return new ArrayList<>(devices);
    }

}
