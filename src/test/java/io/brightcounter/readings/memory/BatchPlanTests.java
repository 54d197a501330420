package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchPlanTests {

    private static final long T = 1_632_928_155L;

    @Test
    void newReadingsAreThoseNotStoredAndNotEarlierInTheBatchInBatchOrder() {
        InstantSet stored = new InstantSet();
        long[] first = { T + 5 };
        stored.prepare(first, stored.plan(first));
        stored.add(T + 5, 1, 0);
        DeviceTotals before = new DeviceTotals(7, 1, T + 5, 0, T + 5, 0);
        ReadingBatch readings = new ReadingBatch().add(1, new Timestamp(T + 3, 60))
            .add(2, new Timestamp(T + 1, 120))
            .add(4, new Timestamp(T + 3, 180))
            .add(8, new Timestamp(T + 5, 240))
            .add(16, new Timestamp(T + 2, 300))
            .add(32, new Timestamp(T + 1, 360))
            .add(64, new Timestamp(T + 9, 420));
        BatchPlan plan = BatchPlan.of(readings, stored, before);
        assertThat(plan.newInstants()).containsExactly(T + 3, T + 1, T + 2, T + 9);
        ReadingBatch fresh = plan.newReadings(readings);
        assertThat(fresh).isNotSameAs(readings);
        assertThat(fresh.size()).isEqualTo(4);
        assertThat(new long[] { fresh.count(0), fresh.count(1), fresh.count(2), fresh.count(3) }).containsExactly(1, 2,
                16, 64);
        assertThat(fresh.offsetSeconds(1)).isEqualTo(120);
        assertThat(plan.totalsAfter()).isEqualTo(new DeviceTotals(7 + 1 + 2 + 16 + 64, 5, T + 9, 420, T + 1, 120));
        assertThat(stored.size()).isOne();
        assertThat(stored.contains(T + 3)).isFalse();
    }

    @Test
    void aBatchWhollyNewIsJournaledAsItIs() {
        ReadingBatch readings = new ReadingBatch().add(1, new Timestamp(T + 3, 0)).add(2, new Timestamp(T + 1, 0));
        BatchPlan plan = BatchPlan.of(readings, new InstantSet(), null);
        assertThat(plan.newReadings(readings)).isSameAs(readings);
        assertThat(plan.totalsAfter()).isEqualTo(new DeviceTotals(3, 2, T + 3, 0, T + 1, 0));
    }

    @Test
    void onlyNewReadingsCountTowardsTheOverflow() {
        InstantSet stored = new InstantSet();
        long[] first = { T };
        stored.prepare(first, stored.plan(first));
        stored.add(T, 1, 0);
        DeviceTotals before = new DeviceTotals(Long.MAX_VALUE - 1, 1, T, 0, T, 0);
        ReadingBatch duplicateAndOne = new ReadingBatch().add(5, new Timestamp(T, 0))
            .add(1, new Timestamp(T + 1, 0))
            .add(9, new Timestamp(T + 1, 0));
        assertThat(BatchPlan.of(duplicateAndOne, stored, before).totalsAfter().cumulativeCount())
            .isEqualTo(Long.MAX_VALUE);
        ReadingBatch two = new ReadingBatch().add(1, new Timestamp(T + 1, 0)).add(1, new Timestamp(T + 2, 0));
        assertThatExceptionOfType(CountOverflowException.class).isThrownBy(() -> BatchPlan.of(two, stored, before));
    }

    /**
     * A batch in time order looks its duplicates up in one pass over the stored instants;
     * one out of order, reading by reading. Both must plan what reading-by-reading
     * lookups in a sorted map say, in every layout and for every mix of new readings,
     * duplicates of the same count, duplicates of another count and repeats within the
     * batch.
     */
    @ParameterizedTest(name = "{0} stored a {1} s apart, {2}")
    @CsvSource({ "3, 60, ascending", "3, 60, descending once", "5000, 60, ascending", "5000, 60, descending once",
            "5000, 1, ascending", "5000, 1, descending once", "200, 40000000, ascending",
            "200, 40000000, descending once", "20000, 70000, ascending" })
    void aBatchIsPlannedAsLookupsReadingByReadingSay(int storedReadings, long spacing, String order) {
        Random random = new Random(storedReadings * 31L + spacing + order.hashCode());
        TreeMap<Long, Long> model = new TreeMap<>();
        long[] instants = new long[storedReadings];
        for (int i = 0; i < storedReadings; i++) {
            instants[i] = T + spacing * 2 * i + ((random.nextBoolean()) ? 0 : spacing);
            model.put(instants[i], 1L + random.nextInt(3));
        }
        InstantSet stored = new InstantSet();
        stored.prepare(instants, stored.plan(instants));
        for (long instant : instants) {
            stored.add(instant, model.get(instant), 0);
        }
        long sum = model.values().stream().mapToLong(Long::longValue).sum();
        DeviceTotals before = new DeviceTotals(sum, storedReadings, model.lastKey(), 0, model.firstKey(), 0);
        for (int round = 0; round < 20; round++) {
            int size = 1 + random.nextInt(200);
            long[] batch = new long[size];
            long from = model.firstKey() + spacing * random.nextInt(2 * storedReadings);
            for (int i = 0; i < size; i++) {
                batch[i] = from + spacing * random.nextInt(Math.max(2, 4 * size)) / 2;
            }
            Arrays.sort(batch);
            if (order.startsWith("descending")) {
                int at = random.nextInt(size);
                batch[at] = batch[0] - spacing;
            }
            ReadingBatch readings = new ReadingBatch();
            for (long instant : batch) {
                readings.add(1 + random.nextInt(3), new Timestamp(instant, 0));
            }
            List<Long> expectedNew = new ArrayList<>();
            Map<Long, Long> firstInBatch = new HashMap<>();
            int expectedConflicts = 0;
            for (int i = 0; i < size; i++) {
                long instant = readings.epochSecond(i);
                long count = readings.count(i);
                Long storedCount = model.get(instant);
                Long earlier = firstInBatch.get(instant);
                if (storedCount != null) {
                    expectedConflicts += (storedCount != count) ? 1 : 0;
                }
                else if (earlier != null) {
                    expectedConflicts += (earlier != count) ? 1 : 0;
                }
                else {
                    firstInBatch.put(instant, count);
                    expectedNew.add(instant);
                }
            }
            BatchPlan plan = BatchPlan.of(readings, stored, before);
            assertThat(plan.newInstants()).as("round %d", round)
                .containsExactly(expectedNew.stream().mapToLong(Long::longValue).toArray());
            assertThat(plan.conflicts()).as("round %d", round).isEqualTo(expectedConflicts);
        }
    }

}
