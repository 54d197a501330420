package io.brightcounter.readings;

/**
 * What the API reports for a device: the sum of its stored counts and its latest reading. Kept
 * flat, one object, because a read touches it for a device that is rarely in cache.
 *
 * @param cumulativeCount sum of the counts of all stored readings
 * @param latestEpochSecond instant of the stored reading with the greatest instant
 * @param latestOffsetSeconds the offset that reading was sent with
 */
public record DeviceTotals(long cumulativeCount, long latestEpochSecond, int latestOffsetSeconds) {

    public Timestamp latest() {
        return new Timestamp(this.latestEpochSecond, this.latestOffsetSeconds);
    }

}
