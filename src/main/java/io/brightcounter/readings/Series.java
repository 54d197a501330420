package io.brightcounter.readings;

/**
 * A device's readings in buckets of equal length, from one state of the device: bucket
 * {@code k} holds the sum of the known counts ({@code sums[k]}) and the number
 * ({@code readings[k]}) of the readings in it.
 *
 * @param sums per bucket, the sum of the counts
 * @param readings per bucket, how many readings there are
 */
public record Series(long[] sums, long[] readings) {

    public static Series empty(int buckets) {
        return new Series(new long[buckets], new long[buckets]);
    }

}
