package io.brightcounter.readings.memory;

import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;

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

}
