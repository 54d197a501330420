package io.brightcounter.readings;

import java.util.Arrays;

/**
 * The validated readings of one create request, kept as parallel primitive arrays: a
 * batch of thousands of readings then costs a few arrays rather than an object per
 * reading.
 */
public final class ReadingBatch {

    private long[] counts;

    private long[] epochSeconds;

    private int[] offsetSeconds;

    private int size;

    public ReadingBatch() {
        this.counts = new long[8];
        this.epochSeconds = new long[8];
        this.offsetSeconds = new int[8];
    }

    public ReadingBatch add(long count, Timestamp timestamp) {
        if (this.size == this.counts.length) {
            int capacity = this.size * 2;
            this.counts = Arrays.copyOf(this.counts, capacity);
            this.epochSeconds = Arrays.copyOf(this.epochSeconds, capacity);
            this.offsetSeconds = Arrays.copyOf(this.offsetSeconds, capacity);
        }
        this.counts[this.size] = count;
        this.epochSeconds[this.size] = timestamp.epochSecond();
        this.offsetSeconds[this.size] = timestamp.offsetSeconds();
        this.size++;
        return this;
    }

    public int size() {
        return this.size;
    }

    public long count(int index) {
        return this.counts[index];
    }

    public long epochSecond(int index) {
        return this.epochSeconds[index];
    }

    public int offsetSeconds(int index) {
        return this.offsetSeconds[index];
    }

}
