package io.brightcounter.readings;

/**
 * What the API reports for a device: the sum of its stored counts and its latest reading.
 *
 * @param cumulativeCount sum of the counts of all stored readings
 * @param latest the stored reading with the greatest instant, in its own offset
 */
public record DeviceTotals(long cumulativeCount, Timestamp latest) {
}
