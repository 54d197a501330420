package io.brightcounter.readings.memory;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class InstantSetTests {

    private static final long BASE = 1_632_928_155L;

    @Test
    void containsWhatWasAdded() {
        InstantSet set = new InstantSet();
        assertThat(put(set, BASE)).isTrue();
        assertThat(put(set, BASE)).isFalse();
        assertThat(put(set, -BASE)).isTrue();
        assertThat(put(set, 0)).isTrue();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(BASE + 1)).isFalse();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void undoTakesOutAPartlyAddedBatch() {
        InstantSet set = new InstantSet();
        put(set, BASE);
        long[] batch = { BASE + 1, BASE + 2, BASE + 3 };
        set.prepare(batch, set.plan(batch));
        set.add(BASE + 1, 1, 0);
        set.add(BASE + 2, 1, 0);
        set.undo(batch, 1);
        assertThat(set.size()).isOne();
        assertThat(set.contains(BASE)).isTrue();
        assertThat(set.contains(BASE + 1)).isFalse();
        assertThat(set.contains(BASE + 2)).isFalse();
    }

    @Test
    void undoTakesOutAPartlyAddedBatchFromTheBitmap() {
        InstantSet set = new InstantSet();
        for (int i = 0; i < 200; i++) {
            put(set, BASE + i);
        }
        assertThat(set.isBitmap()).isTrue();
        long[] batch = { BASE + 200, BASE + 201 };
        set.prepare(batch, set.plan(batch));
        set.add(BASE + 200, 1, 0);
        set.undo(batch, 200);
        assertThat(set.size()).isEqualTo(200);
        assertThat(set.contains(BASE + 200)).isFalse();
        assertThat(set.contains(BASE + 199)).isTrue();
    }

    @Test
    void aBatchIsPlacedInTheLayoutThatSuitsTheSetWithIt() {
        InstantSet set = new InstantSet();
        long[] dense = new long[1000];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = BASE + 60L * i;
        }
        InstantSet.Growth growth = set.plan(dense);
        set.prepare(dense, growth);
        for (long instant : dense) {
            set.add(instant, 1, 0);
        }
        set.commit(growth);
        // The counts' heap is planned at a byte a reading, their arrays keep spare room.
        assertThat((double) set.bytes()).isCloseTo(growth.bytesAfter(), withinPercentage(5));
        assertThat(set.isBitmap()).isTrue();
        assertThat(set.size()).isEqualTo(1000);
    }

    @Test
    void denseInstantsMoveToTheBitmap() {
        InstantSet set = new InstantSet();
        for (int i = 0; i < 1000; i++) {
            put(set, BASE + 60L * i);
        }
        assertThat(set.isBitmap()).isTrue();
        assertThat(set.size()).isEqualTo(1000);
    }

    @Test
    void sparseInstantsStayHashed() {
        InstantSet set = new InstantSet();
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            put(set, BASE - (long) (random.nextDouble() * 50 * 365 * 86_400L));
        }
        assertThat(set.isBitmap()).isFalse();
    }

    @Test
    void bitmapMovesBackWhenInstantsSpreadOut() {
        InstantSet set = new InstantSet();
        for (int i = 0; i < 128; i++) {
            put(set, BASE + i);
        }
        assertThat(set.isBitmap()).isTrue();
        for (int i = 1; i <= 128; i++) {
            put(set, BASE + i * 1_000_000L);
        }
        assertThat(set.isBitmap()).isFalse();
        assertThat(set.size()).isEqualTo(256);
    }

    @Test
    void membershipSurvivesEveryLayoutChange() {
        InstantSet set = new InstantSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(3);
        int layoutChanges = 0;
        boolean bitmap = set.isBitmap();
        for (int i = 0; i < 50_000; i++) {
            // Phases of dense and sparse arrivals push the layout back and forth.
            long instant = ((i / 5000) % 2 == 0) ? BASE + random.nextInt(100_000)
                    : random.nextLong() % 250_000_000_000L;
            assertThat(put(set, instant)).isEqualTo(reference.add(instant));
            if (set.isBitmap() != bitmap) {
                bitmap = set.isBitmap();
                layoutChanges++;
            }
        }
        assertThat(layoutChanges).isGreaterThanOrEqualTo(2);
        assertThat(set.size()).isEqualTo(reference.size());
        for (long instant : reference) {
            assertThat(set.contains(instant)).isTrue();
        }
    }

    @Test
    void instantsChosenAgainstAFixedHashSpreadLikeRandomOnes() {
        InstantSet chosen = new InstantSet();
        for (long instant : FloodingInstants.chosen(FloodingInstants.COUNT)) {
            put(chosen, instant);
        }
        InstantSet random = new InstantSet();
        for (long instant : FloodingInstants.random(FloodingInstants.COUNT, 11)) {
            put(random, instant);
        }
        assertThat(chosen.isBitmap()).isFalse();
        assertThat(random.isBitmap()).isFalse();
        assertThat(chosen.size()).isEqualTo(random.size()).isEqualTo(FloodingInstants.COUNT);
        // Every lookup and insert walks from an instant's hash slot to where it lies: the
        // total of
        // those walks is the work a batch does, whatever the machine's speed.
        assertThat(random.displacement()).isPositive();
        assertThat(chosen.displacement()).isLessThanOrEqualTo(3 * random.displacement());
    }

    /**
     * Between the two thresholds (4 and 8 instants a window) a set keeps the layout it
     * has: a hashed set moves at 8, a bitmap moves back below 4.
     */
    @Test
    void aSetBetweenTheThresholdsKeepsItsLayout() {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet hashed = new InstantSet();
        add(hashed, spread(start, 64, 10));
        assertThat(hashed.isBitmap()).as("64 instants in 10 windows, hashed").isFalse();
        InstantSet dense = new InstantSet();
        add(dense, spread(start, 64, 8));
        assertThat(dense.isBitmap()).as("64 instants in 8 windows").isTrue();
        InstantSet bitmap = new InstantSet();
        add(bitmap, spread(start, 64, 1));
        assertThat(bitmap.isBitmap()).isTrue();
        add(bitmap, spread(start + (1L << InstantSet.WINDOW_BITS), 64, 19));
        assertThat(bitmap.isBitmap()).as("128 instants in 20 windows, a bitmap").isTrue();
        add(bitmap, spread(start + (20L << InstantSet.WINDOW_BITS), 128, 48));
        assertThat(bitmap.isBitmap()).as("256 instants in 68 windows").isFalse();
        assertThat(bitmap.size()).isEqualTo(256);
        InstantSet atFour = new InstantSet();
        add(atFour, spread(start, 64, 1));
        add(atFour, spread(start + (1L << InstantSet.WINDOW_BITS), 64, 31));
        assertThat(atFour.isBitmap()).as("128 instants in 32 windows, a bitmap").isTrue();
    }

    @Test
    void aBatchAddedToABitmapPlansAboutTheHeapItTakes() {
        InstantSet set = new InstantSet();
        add(set, spread(BASE, 1000, 1));
        assertThat(set.isBitmap()).isTrue();
        long[] more = new long[1000];
        for (int i = 0; i < more.length; i++) {
            more[i] = BASE + 100_000 + 60L * i;
        }
        InstantSet.Growth growth = add(set, more);
        assertThat(set.isBitmap()).isTrue();
        assertThat(growth.bytesAfter()).isGreaterThan(LayoutBytes.SET_BYTES);
        assertThat((double) set.bytes()).isCloseTo(growth.bytesAfter(), withinPercentage(5));
    }

    @Test
    void countsTooLargeForAHashedSlotAreKeptAndCountedInTheSetsHeap() {
        long[] instants = { BASE, BASE + 1_000_000L, BASE + 2_000_000L };
        InstantSet small = new InstantSet();
        InstantSet large = new InstantSet();
        small.prepare(instants, small.plan(instants));
        large.prepare(instants, large.plan(instants));
        for (long instant : instants) {
            small.add(instant, 7, 0);
            large.add(instant, (1L << 40) + instant, 0);
        }
        assertThat(large.isBitmap()).isFalse();
        for (long instant : instants) {
            assertThat(large.countOf(instant)).isEqualTo((1L << 40) + instant);
        }
        assertThat(large.bytes() - small.bytes())
            .isEqualTo(LayoutBytes.BIG_COUNTS_BYTES + 3 * LayoutBytes.BIG_COUNT_ENTRY_BYTES);
    }

    @Test
    void aBitmapMovingBackToTheHashLayoutKeepsItsLargeCounts() {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet set = new InstantSet();
        long[] dense = spread(start, 64, 1);
        set.prepare(dense, set.plan(dense));
        for (long instant : dense) {
            set.add(instant, (instant == dense[5]) ? 1L << 40 : 3, 0);
        }
        assertThat(set.isBitmap()).isTrue();
        add(set, spread(start + (1L << InstantSet.WINDOW_BITS), 64, 64));
        assertThat(set.isBitmap()).isFalse();
        assertThat(set.countOf(dense[5])).isEqualTo(1L << 40);
        assertThat(set.countOf(dense[6])).isEqualTo(3);
    }

    /**
     * {@code count} instants from {@code start}, spread over {@code windows} consecutive
     * windows, a few seconds apart within each.
     */
    private static long[] spread(long start, int count, int windows) {
        long[] instants = new long[count];
        for (int i = 0; i < count; i++) {
            instants[i] = start + ((long) (i % windows) << InstantSet.WINDOW_BITS) + 7L * (i / windows);
        }
        return instants;
    }

    /** Adds a batch of new instants as a device does; returns its planned growth. */
    private static InstantSet.Growth add(InstantSet set, long[] batch) {
        InstantSet.Growth growth = set.plan(batch);
        set.prepare(batch, growth);
        for (long instant : batch) {
            set.add(instant, 1, 0);
        }
        set.commit(growth);
        return growth;
    }

    /**
     * Adds one instant the way a device adds a batch of one; returns whether it was new.
     */
    private static boolean put(InstantSet set, long instant) {
        if (set.contains(instant)) {
            return false;
        }
        long[] one = { instant };
        InstantSet.Growth growth = set.plan(one);
        set.prepare(one, growth);
        set.add(instant, 1, 0);
        set.commit(growth);
        return true;
    }

}
