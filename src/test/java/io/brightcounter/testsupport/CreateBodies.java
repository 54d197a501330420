package io.brightcounter.testsupport;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Create-request bodies as the JSON text a client sends, for every test that builds one.
 * Valid bodies come from {@link #create} and {@link #reading}; bodies the contract
 * refuses put raw JSON values where the fields go ({@link #createRaw}), so each test row
 * shows only what is wrong.
 */
public final class CreateBodies {

    private CreateBodies() {
    }

    /**
     * {@code {"id": "<device>", "readings": [<readings>]}}, each reading already JSON
     * text.
     */
    public static String create(Object device, String... readings) {
        return createRaw(quoted(device), readings(readings));
    }

    /**
     * {@code {"id": <id>, "readings": <readings>}}, both values given as raw JSON text.
     */
    public static String createRaw(String id, String readings) {
        return "{\"id\": " + id + ", \"readings\": " + readings + "}";
    }

    /** {@code {"count": <count>, "timestamp": "<timestamp>"}}. */
    public static String reading(long count, String timestamp) {
        return readingRaw(Long.toString(count), quoted(timestamp));
    }

    /**
     * {@code {"count": <count>, "timestamp": <timestamp>}}, both values given as raw JSON
     * text.
     */
    public static String readingRaw(String count, String timestamp) {
        return "{\"count\": " + count + ", \"timestamp\": " + timestamp + "}";
    }

    /** A JSON array of readings, each already JSON text. */
    public static String readings(String... readings) {
        return Arrays.stream(readings).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The value as a JSON string; for ids and timestamps, which need no escaping. */
    public static String quoted(Object value) {
        return "\"" + value + "\"";
    }

}
