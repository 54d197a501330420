package io.brightcounter.readings.memory;

import java.util.Arrays;

import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import it.unimi.dsi.fastutil.ints.IntArrays;
import org.jspecify.annotations.Nullable;

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
    private final int @Nullable [] newPositions;

    private final @Nullable DeviceTotals totalsAfter;

    private final int conflicts;

    private BatchPlan(long[] newInstants, int @Nullable [] newPositions, @Nullable DeviceTotals totalsAfter,
            int conflicts) {
        this.newInstants = newInstants;
        this.newPositions = newPositions;
        this.totalsAfter = totalsAfter;
        this.conflicts = conflicts;
    }

    /**
     * Plans {@code readings} for a device that holds {@code stored} and has
     * {@code before} as its totals ({@code null} for none yet).
     * @throws CountOverflowException when the new readings would take the cumulative
     * count above {@link Long#MAX_VALUE}
     */
    static BatchPlan of(ReadingBatch readings, InstantSet stored, @Nullable DeviceTotals before) {
        int size = readings.size();
        long[] instants = new long[size];
        int[] positions = new int[size];
        int candidates = 0;
        int[] conflicts = { 0 };
        // Nothing stored lies after the latest reading: a reading in time order needs no
        // lookup.
        long storedLatest = (before != null) ? before.latestEpochSecond() : Long.MIN_VALUE;
        // While the batch's instants ascend, duplicates are looked up in one pass.
        CountCursor ascending = (before != null) ? stored.countCursor(size) : null;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            long instant = readings.epochSecond(i);
            long storedCount;
            if (instant > storedLatest) {
                storedCount = -1;
            }
            else if (ascending != null && instant >= previous) {
                storedCount = ascending.countOf(instant);
                previous = instant;
            }
            else {
                ascending = null;
                storedCount = stored.countOf(instant);
            }
            if (storedCount < 0) {
                instants[candidates] = instant;
                positions[candidates++] = i;
            }
            else if (storedCount != 0 && storedCount != readings.count(i)) {
                // A stored reading whose count is not known conflicts with none.
                conflicts[0]++;
            }
        }
        int count = keepFirstOfEachInstant(readings, instants, positions, candidates, conflicts);
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
            return new BatchPlan(new long[0], null, before, conflicts[0]);
        }
        long storedBefore = (before != null) ? before.readings() : 0;
        DeviceTotals after = new DeviceTotals(sum, storedBefore + count, latest, latestOffset, earliest,
                earliestOffset);
        if (count == size) {
            return new BatchPlan(instants, null, after, conflicts[0]);
        }
        return new BatchPlan(Arrays.copyOf(instants, count), Arrays.copyOf(positions, count), after, conflicts[0]);
    }

    /**
     * Drops the candidates whose instant came earlier in the batch, keeping batch order;
     * returns how many are left, and adds to {@code conflicts} those dropped whose count
     * differs from the first's. Sorting rather than hashing, so that chosen instants
     * cannot make it slow.
     */
    private static int keepFirstOfEachInstant(ReadingBatch readings, long[] instants, int[] positions, int candidates,
            int[] conflicts) {
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
        int first = (candidates > 0) ? order[0] : 0;
        for (int k = 1; k < candidates; k++) {
            repeated[order[k]] = instants[order[k]] == instants[order[k - 1]];
            if (!repeated[order[k]]) {
                first = order[k];
            }
            else if (readings.count(positions[order[k]]) != readings.count(positions[first])) {
                conflicts[0]++;
            }
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

    /**
     * How many of the readings left out had a count other than the stored reading's, or
     * the earlier one's in the batch.
     */
    int conflicts() {
        return this.conflicts;
    }

    /** The totals once the new readings are in; the totals before when there are none. */
    @Nullable DeviceTotals totalsAfter() {
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
