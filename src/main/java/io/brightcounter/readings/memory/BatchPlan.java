package io.brightcounter.readings.memory;

import java.util.Arrays;

import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * What a batch would change on a device, found without changing anything: the readings
 * that are new (instant not stored, and not earlier in the batch) and the totals once
 * they are in.
 */
final class BatchPlan {

    private final long[] newInstants;

    /**
     * Batch positions of the new readings, in batch order; {@code null} when every
     * reading is new.
     */
    private final int[] newPositions;

    private final DeviceTotals totalsAfter;

    private BatchPlan(long[] newInstants, int[] newPositions, DeviceTotals totalsAfter) {
        this.newInstants = newInstants;
        this.newPositions = newPositions;
        this.totalsAfter = totalsAfter;
    }

    /**
     * Plans {@code readings} for a device that holds {@code stored} and has
     * {@code before} as its totals ({@code null} for none yet).
     * @throws CountOverflowException when the new readings would take the cumulative
     * count above {@link Long#MAX_VALUE}
     */
    static BatchPlan of(ReadingBatch readings, InstantSet stored, DeviceTotals before) {
        int size = readings.size();
        long[] instants = new long[size];
        int[] positions = new int[size];
        int candidates = 0;
        for (int i = 0; i < size; i++) {
            long instant = readings.epochSecond(i);
            if (!stored.contains(instant)) {
                instants[candidates] = instant;
                positions[candidates++] = i;
            }
        }
        int count = keepFirstOfEachInstant(instants, positions, candidates);
        long sum = (before != null) ? before.cumulativeCount() : 0;
        long latest = (before != null) ? before.latestEpochSecond() : Long.MIN_VALUE;
        int latestOffset = (before != null) ? before.latestOffsetSeconds() : 0;
        long earliest = (before != null) ? before.earliestEpochSecond() : Long.MAX_VALUE;
        int earliestOffset = (before != null) ? before.earliestOffsetSeconds() : 0;
        for (int j = 0; j < count; j++) {
            int i = positions[j];
            long readingCount = readings.count(i);
            if (sum > Long.MAX_VALUE - readingCount) {
                throw new CountOverflowException();
            }
            sum += readingCount;
            if (instants[j] > latest) {
                latest = instants[j];
                latestOffset = readings.offsetSeconds(i);
            }
            if (instants[j] < earliest) {
                earliest = instants[j];
                earliestOffset = readings.offsetSeconds(i);
            }
        }
        if (count == 0) {
            return new BatchPlan(new long[0], null, before);
        }
        long storedBefore = (before != null) ? before.readings() : 0;
        DeviceTotals after = new DeviceTotals(sum, storedBefore + count, latest, latestOffset, earliest,
                earliestOffset);
        if (count == size) {
            return new BatchPlan(instants, null, after);
        }
        return new BatchPlan(Arrays.copyOf(instants, count), Arrays.copyOf(positions, count), after);
    }

    /**
     * Drops the candidates whose instant came earlier in the batch, keeping batch order;
     * returns how many are left. Sorting rather than hashing, so that chosen instants
     * cannot make it slow.
     */
    private static int keepFirstOfEachInstant(long[] instants, int[] positions, int candidates) {
        if (!mayRepeat(instants, candidates)) {
            return candidates;
        }
        int[] order = new int[candidates];
        for (int j = 0; j < candidates; j++) {
            order[j] = j;
        }
        // Stable, so the first of equal instants in the sorted order is the first in the
        // batch.
        IntArrays.mergeSort(order, (a, b) -> Long.compare(instants[a], instants[b]));
        boolean[] repeated = new boolean[candidates];
        for (int k = 1; k < candidates; k++) {
            repeated[order[k]] = instants[order[k]] == instants[order[k - 1]];
        }
        int kept = 0;
        for (int j = 0; j < candidates; j++) {
            if (!repeated[j]) {
                instants[kept] = instants[j];
                positions[kept++] = positions[j];
            }
        }
        return kept;
    }

    /**
     * Whether an instant may occur twice: batches in order, the usual case, are settled
     * in one pass.
     */
    private static boolean mayRepeat(long[] instants, int candidates) {
        boolean ascending = true;
        for (int j = 1; j < candidates && ascending; j++) {
            ascending = instants[j] > instants[j - 1];
        }
        if (ascending) {
            return false;
        }
        long[] sorted = Arrays.copyOf(instants, candidates);
        Arrays.sort(sorted);
        for (int j = 1; j < candidates; j++) {
            if (sorted[j] == sorted[j - 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The new readings' instants, in batch order; empty when the batch holds nothing new.
     */
    long[] newInstants() {
        return this.newInstants;
    }

    /** The totals once the new readings are in; the totals before when there are none. */
    DeviceTotals totalsAfter() {
        return this.totalsAfter;
    }

    /**
     * The new readings alone: {@code readings} itself, not a copy, when all of them are
     * new.
     */
    ReadingBatch newReadings(ReadingBatch readings) {
        if (this.newPositions == null) {
            return readings;
        }
        ReadingBatch fresh = new ReadingBatch();
        for (int i : this.newPositions) {
            fresh.add(readings.count(i), new Timestamp(readings.epochSecond(i), readings.offsetSeconds(i)));
        }
        return fresh;
    }

}
