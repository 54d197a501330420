package io.brightcounter.readings;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.brightcounter.web.JsonResponses;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes device summaries as JSON bytes, keys in {@link SummaryField} order. Like the
 * other read bodies they are written directly rather than through Jackson: a 100-device
 * lookup writes about 20 KB with 200 timestamps, and building them as bytes keeps one
 * summary well under a microsecond. Every value is digits, hex or a formatted timestamp,
 * so nothing needs escaping.
 */
final class DeviceSummaryWriter {

    /**
     * Room one summary can take at most: every key, 36 id characters, two timestamps, two
     * 19-digit numbers.
     */
    private static final int MAX_SUMMARY_BYTES = 240;

    private static final byte[][] KEYS = Arrays.stream(SummaryField.values())
        .map((field) -> JsonResponses.ascii("\"" + field.key() + "\":"))
        .toArray(byte[][]::new);

    private static final byte[] DEVICES = JsonResponses.ascii("{\"devices\":[");

    private static final byte[] NOT_FOUND = JsonResponses.ascii("],\"not_found\":[");

    private final JsonBytes json;

    private DeviceSummaryWriter(int summaries) {
        this.json = new JsonBytes(32 + summaries * MAX_SUMMARY_BYTES);
    }

    /** One device's summary: {@code {"device_id":"...","latest_timestamp":"...",...}}. */
    static DeviceSummaryWriter summary(UUID deviceId, DeviceTotals totals, SummaryFields fields) {
        DeviceSummaryWriter writer = new DeviceSummaryWriter(1);
        writer.writeSummary(deviceId, totals, fields);
        return writer;
    }

    /**
     * A lookup's answer: {@code {"devices":[...],"not_found":[...]}}, both in the order
     * the devices were requested.
     */
    static DeviceSummaryWriter lookup(List<UUID> requested, Map<UUID, DeviceTotals> found, SummaryFields fields) {
        DeviceSummaryWriter writer = new DeviceSummaryWriter(requested.size());
        writer.json.append(DEVICES);
        boolean first = true;
        for (UUID deviceId : requested) {
            DeviceTotals totals = found.get(deviceId);
            if (totals != null) {
                if (!first) {
                    writer.json.append((byte) ',');
                }
                writer.writeSummary(deviceId, totals, fields);
                first = false;
            }
        }
        writer.json.append(NOT_FOUND);
        first = true;
        for (UUID deviceId : requested) {
            if (!found.containsKey(deviceId)) {
                if (!first) {
                    writer.json.append((byte) ',');
                }
                writer.json.id(deviceId);
                first = false;
            }
        }
        writer.json.append((byte) ']');
        writer.json.append((byte) '}');
        return writer;
    }

    void writeTo(HttpServletResponse response) throws IOException {
        this.json.writeTo(response);
    }

    /** The JSON written, for tests. */
    byte[] toByteArray() {
        return this.json.toByteArray();
    }

    private void writeSummary(UUID deviceId, DeviceTotals totals, SummaryFields fields) {
        this.json.append((byte) '{');
        boolean first = true;
        for (SummaryField field : SummaryField.values()) {
            if (!fields.includes(field)) {
                continue;
            }
            if (!first) {
                this.json.append((byte) ',');
            }
            first = false;
            this.json.append(KEYS[field.ordinal()]);
            switch (field) {
                case DEVICE_ID -> this.json.id(deviceId);
                case LATEST_TIMESTAMP -> this.json.timestamp(totals.latest());
                case EARLIEST_TIMESTAMP -> this.json.timestamp(totals.earliest());
                case CUMULATIVE_COUNT -> this.json.number(totals.cumulativeCount());
                case READINGS -> this.json.number(totals.readings());
            }
        }
        this.json.append((byte) '}');
    }

}
