package io.brightcounter.readings;

import org.jspecify.annotations.Nullable;

/** The keys of a device summary, declared in the order every summary writes them. */
enum SummaryField {

    DEVICE_ID("device_id"), LATEST_TIMESTAMP("latest_timestamp"), EARLIEST_TIMESTAMP("earliest_timestamp"),
    CUMULATIVE_COUNT("cumulative_count"), READINGS("readings");

    private final String key;

    SummaryField(String key) {
        this.key = key;
    }

    String key() {
        return this.key;
    }

    /**
     * The field named {@code key} exactly (names are case-sensitive, like JSON keys), or
     * {@code null}.
     */
    static @Nullable SummaryField byKeyOrNull(String key) {
        for (SummaryField field : values()) {
            if (field.key.equals(key)) {
                return field;
            }
        }
        return null;
    }

}
