package io.brightcounter.readings;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a device's history, from one state of the device.
 *
 * @param readings the readings in ascending order of instant, at most the limit asked
 * @param next the first reading of the range not on the page; {@code null} when the page
 * holds the rest of the range
 */
public record ReadingPage(List<StoredReading> readings, @Nullable StoredReading next) {

    /**
     * The page of at most {@code limit} readings from {@code found}, which holds up to
     * one more.
     */
    public static ReadingPage of(List<StoredReading> found, int limit) {
        if (found.size() > limit) {
            return new ReadingPage(List.copyOf(found.subList(0, limit)), found.get(limit));
        }
        return new ReadingPage(found, null);
    }

}
