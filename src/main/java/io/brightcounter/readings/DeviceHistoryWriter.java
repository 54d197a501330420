package io.brightcounter.readings;

import java.io.IOException;
import java.util.UUID;

import io.brightcounter.web.JsonResponses;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a device's history, a page of readings or a series of buckets, as JSON bytes,
 * the way {@link DeviceSummaryWriter} writes summaries: a 1,000-reading page is about 50
 * KB with 1,000 timestamps, a 1,000-bucket series about 80 KB.
 */
final class DeviceHistoryWriter {

    private static final byte[] PAGE_START = JsonResponses.ascii("{\"device_id\":");

    private static final byte[] READINGS = JsonResponses.ascii(",\"readings\":[");

    private static final byte[] READING_FIRST = JsonResponses.ascii("{\"timestamp\":");

    private static final byte[] READING_NEXT = JsonResponses.ascii(",{\"timestamp\":");

    private static final byte[] COUNT = JsonResponses.ascii(",\"count\":");

    private static final byte[] NEXT = JsonResponses.ascii("],\"next\":");

    private static final byte[] STEP_SECONDS = JsonResponses.ascii(",\"step_seconds\":");

    private static final byte[] BUCKETS = JsonResponses.ascii(",\"buckets\":[");

    private static final byte[] BUCKET_FIRST = JsonResponses.ascii("{\"start\":");

    private static final byte[] BUCKET_NEXT = JsonResponses.ascii(",{\"start\":");

    private static final byte[] CUMULATIVE_COUNT = JsonResponses.ascii(",\"cumulative_count\":");

    private static final byte[] BUCKET_READINGS = JsonResponses.ascii(",\"readings\":");

    private final JsonBytes json;

    private DeviceHistoryWriter(JsonBytes json) {
        this.json = json;
    }

    /**
     * A page:
     * {@code {"device_id":...,"readings":[{"timestamp":...,"count":...}],"next":...}}, a
     * count not known ({@code 0} in the page) written as {@code null}.
     */
    static DeviceHistoryWriter page(UUID deviceId, ReadingPage page) {
        JsonBytes json = new JsonBytes(64 + 56 * page.readings().size());
        json.append(PAGE_START).id(deviceId).append(READINGS);
        boolean first = true;
        for (StoredReading reading : page.readings()) {
            json.append(first ? READING_FIRST : READING_NEXT).timestamp(reading.timestamp()).append(COUNT);
            if (reading.count() > 0) {
                json.number(reading.count());
            }
            else {
                json.nullValue();
            }
            json.append((byte) '}');
            first = false;
        }
        json.append(NEXT);
        if (page.next() != null) {
            json.timestamp(page.next().timestamp());
        }
        else {
            json.nullValue();
        }
        json.append((byte) '}');
        return new DeviceHistoryWriter(json);
    }

    /**
     * A series: {@code {"device_id":...,"step_seconds":...,"buckets":[{"start":...,
     * "cumulative_count":...,"readings":...}]}}, bucket {@code k} starting {@code k}
     * steps after {@code from}, in {@code from}'s offset.
     */
    static DeviceHistoryWriter series(UUID deviceId, Timestamp from, long step, Series series) {
        int buckets = series.sums().length;
        JsonBytes json = new JsonBytes(96 + 90 * buckets);
        json.append(PAGE_START).id(deviceId).append(STEP_SECONDS).number(step).append(BUCKETS);
        for (int k = 0; k < buckets; k++) {
            json.append((k > 0) ? BUCKET_NEXT : BUCKET_FIRST);
            json.timestamp(new Timestamp(from.epochSecond() + k * step, from.offsetSeconds()));
            json.append(CUMULATIVE_COUNT).number(series.sums()[k]);
            json.append(BUCKET_READINGS).number(series.readings()[k]).append((byte) '}');
        }
        json.append((byte) ']').append((byte) '}');
        return new DeviceHistoryWriter(json);
    }

    void writeTo(HttpServletResponse response) throws IOException {
        this.json.writeTo(response);
    }

    /** The JSON written, for tests and benchmarks. */
    byte[] toByteArray() {
        return this.json.toByteArray();
    }

}
