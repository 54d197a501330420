package io.brightcounter.readings;

/**
 * What the API reports for a device: the sum of its stored counts, how many readings it
 * has, and its latest and earliest readings. Kept flat, one object, because a read
 * touches it for a device that is rarely in cache, and a store replaces it whole, so
 * every figure comes from one state.
 *
 * @param cumulativeCount sum of the counts of all stored readings
 * @param readings number of distinct instants stored
 * @param latestEpochSecond instant of the stored reading with the greatest instant
 * @param latestOffsetSeconds the offset that reading was sent with
 * @param earliestEpochSecond instant of the stored reading with the smallest instant
 * @param earliestOffsetSeconds the offset that reading was sent with
 */
public record DeviceTotals(long cumulativeCount, long readings, long latestEpochSecond, int latestOffsetSeconds,
        long earliestEpochSecond, int earliestOffsetSeconds) {

    public Timestamp latest() {
        return new Timestamp(this.latestEpochSecond, this.latestOffsetSeconds);
    }

    public Timestamp earliest() {
        return new Timestamp(this.earliestEpochSecond, this.earliestOffsetSeconds);
    }

}
