package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
    void aRunInTimeOrderGoesInAsOneAndComesOutWholeWhenItsInstantsFailPartWay() {
        int[] instantsBeforeFailure = { -1 };
        InstantSet set = new InstantSet() {

            @Override
            void addRunInstants(ReadingBatch readings, int from, int to) {
                for (int i = from; i < to; i++) {
                    if (instantsBeforeFailure[0]-- == 0) {
                        throw new OutOfMemoryError("injected");
                    }
                    super.addRunInstants(readings, i, i + 1);
                }
            }

        };
        addAll(set, batch(0, 200, 3));
        assertThat(set.isBitmap()).isTrue();
        long bytes = set.bytes();
        ReadingBatch run = batch(200, 300, 300);
        long[] runInstants = instantsOf(run);
        set.prepare(runInstants, set.plan(runInstants));
        instantsBeforeFailure[0] = 50;
        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> set.addAll(run));
        assertThat(set.size()).isEqualTo(200);
        assertThat(set.bytes()).as("the run's room stays, its values go").isGreaterThan(bytes);
        for (int i = 0; i < 300; i++) {
            long instant = BASE + 60L * i;
            assertThat(set.countOf(instant)).as("reading %d", i).isEqualTo((i < 200) ? 3 : -1);
        }
        // Sent again with other counts, as a client retrying might.
        ReadingBatch again = batch(200, 300, 7);
        set.prepare(runInstants, set.plan(runInstants));
        set.addAll(again);
        List<Long> counts = new ArrayList<>();
        set.forEach(Long.MIN_VALUE, Long.MAX_VALUE, (instant, offsetSeconds, count) -> counts.add(count));
        assertThat(counts).hasSize(300);
        assertThat(counts.subList(0, 200)).containsOnly(3L);
        assertThat(counts.subList(200, 300)).containsOnly(7L);
        long[] sums = new long[1];
        long[] readings = new long[1];
        set.series(BASE, BASE + 60L * 300, 60L * 300, sums, readings);
        assertThat(sums).containsExactly(200 * 3 + 100 * 7);
        assertThat(readings).containsExactly(300);
    }

    private static ReadingBatch batch(int from, int to, long count) {
        ReadingBatch batch = new ReadingBatch();
        for (int i = from; i < to; i++) {
            batch.add(count, new Timestamp(BASE + 60L * i, 0));
        }
        return batch;
    }

    private static long[] instantsOf(ReadingBatch batch) {
        long[] instants = new long[batch.size()];
        for (int i = 0; i < instants.length; i++) {
            instants[i] = batch.epochSecond(i);
        }
        return instants;
    }

    private static void addAll(InstantSet set, ReadingBatch batch) {
        long[] instants = instantsOf(batch);
        InstantSet.Growth growth = set.plan(instants);
        set.prepare(instants, growth);
        set.addAll(batch);
        set.commit(growth);
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

    /**
     * A hashed slot holds counts up to 8,190; 8,191 marks a count kept beside the table,
     * so from 8,191 up a count moving back from the bitmap goes there.
     */
    @ParameterizedTest(name = "count {0}")
    @ValueSource(longs = { 8_190, 8_191, 1L << 40 })
    void aBitmapMovingBackToTheHashLayoutKeepsItsLargeCounts(long large) {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet set = new InstantSet();
        long[] dense = spread(start, 64, 1);
        set.prepare(dense, set.plan(dense));
        for (long instant : dense) {
            set.add(instant, (instant == dense[5]) ? large : 3, 0);
        }
        assertThat(set.isBitmap()).isTrue();
        add(set, spread(start + (1L << InstantSet.WINDOW_BITS), 64, 64));
        assertThat(set.isBitmap()).isFalse();
        assertThat(set.countOf(dense[5])).isEqualTo(large);
        assertThat(set.countOf(dense[6])).isEqualTo(3);
    }

    /**
     * The hash layout makes room for a whole batch before taking any of it, and its heap
     * is its table's: once prepared the set reports the heap that was planned, and adding
     * the batch changes nothing of it.
     */
    @ParameterizedTest(name = "{0} sparse instants after {1}")
    @CsvSource({ "1, 0, 144", "5, 0, 192", "12, 0, 256", "100, 0, 2176", "40, 30, 1152", "1000, 10, 16512" })
    void aHashedSetReportsThePlannedHeapOnceItHasMadeRoom(int batchSize, int heldBefore, long bytesAfter) {
        InstantSet set = new InstantSet();
        add(set, sparse(0, heldBefore));
        long[] batch = sparse(heldBefore, batchSize);
        InstantSet.Growth growth = set.plan(batch);
        assertThat(growth.toBitmap()).isFalse();
        assertThat(growth.bytesAfter()).isEqualTo(bytesAfter);
        set.prepare(batch, growth);
        assertThat(set.bytes()).as("prepared").isEqualTo(bytesAfter);
        for (long instant : batch) {
            set.add(instant, 1, 0);
        }
        set.commit(growth);
        assertThat(set.bytes()).as("added").isEqualTo(bytesAfter);
        assertThat(set.size()).isEqualTo(heldBefore + batchSize);
    }

    @Test
    void anEmptySetIsHashedInATableOfThreeSlots() {
        assertThat(new InstantSet().bytes())
            .isEqualTo(LayoutBytes.SET_BYTES + LayoutBytes.HASH_SET_BYTES + LayoutBytes.longArrayBytes(3))
            .isEqualTo(144);
    }

    /**
     * The layout is chosen again only when the size reaches a doubling (64, 128, ...):
     * instants that would make a hashed set dense enough for the bitmap move it at the
     * next doubling, not before.
     */
    @Test
    void theLayoutIsChosenAgainOnlyWhenTheSizeReachesTheNextDoubling() {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet set = new InstantSet();
        add(set, spread(start, 64, 9));
        assertThat(set.isBitmap()).as("64 instants in 9 windows").isFalse();
        add(set, spread(start + 3, 8, 8));
        assertThat(set.isBitmap()).as("72 instants in 9 windows, before the check at 128").isFalse();
        add(set, spread(start + 5, 55, 8));
        assertThat(set.isBitmap()).as("127 instants").isFalse();
        add(set, new long[] { start + 6 });
        assertThat(set.isBitmap()).as("128 instants in 9 windows").isTrue();
        assertThat(set.size()).isEqualTo(128);
    }

    /**
     * A hashed set moving to the bitmap is modelled from its instants' windows in order,
     * whatever order its table keeps them in, and a batch into a bitmap grows that model
     * by exactly what modelling every instant from scratch gives.
     */
    @Test
    void theBitmapsPlannedHeapIsTheModelOfEveryInstantItHolds() {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet set = new InstantSet();
        long[] held = spread(start, 60, 3);
        add(set, held);
        assertThat(set.isBitmap()).isFalse();
        long[] moving = spread(start + 3, 4, 4);
        InstantSet.Growth moved = set.plan(moving);
        assertThat(moved.toBitmap()).isTrue();
        assertThat(moved.movedBitmapBytes()).isEqualTo(LayoutBytes.bitmapModel(sortedWindows(held)));
        assertThat(moved.bitmapBytesAfter()).isEqualTo(LayoutBytes.bitmapModel(sortedWindows(held, moving)));
        apply(set, moving, moved);
        long[] more = spread(start + (3L << InstantSet.WINDOW_BITS) + 5, 40, 2);
        InstantSet.Growth grown = set.plan(more);
        assertThat(grown.toBitmap()).isTrue();
        assertThat(grown.bitmapBytesAfter()).isEqualTo(LayoutBytes.bitmapModel(sortedWindows(held, moving, more)));
    }

    /**
     * Undoing a batch half added to a bitmap takes its counts out with its instants: the
     * readings held keep theirs, rank for rank.
     */
    @Test
    void undoFromTheBitmapTakesOutTheBatchsCountsWithItsInstants() {
        InstantSet set = new InstantSet();
        long[] held = new long[200];
        for (int i = 0; i < held.length; i++) {
            held[i] = BASE + 2L * i;
        }
        set.prepare(held, set.plan(held));
        for (int i = 0; i < held.length; i++) {
            set.add(held[i], 1 + i, 0);
        }
        assertThat(set.isBitmap()).isTrue();
        long[] batch = { BASE + 1, BASE + 3, BASE + 5_000 };
        set.prepare(batch, set.plan(batch));
        set.add(BASE + 1, 900, 0);
        set.add(BASE + 3, 901, 0);
        set.undo(batch, held.length);
        List<Long> counts = new ArrayList<>();
        set.forEach(Long.MIN_VALUE, Long.MAX_VALUE, (instant, offsetSeconds, count) -> counts.add(count));
        assertThat(counts).hasSize(200).startsWith(1L, 2L, 3L, 4L).endsWith(200L);
        assertThat(set.countOf(BASE + 2)).isEqualTo(2);
        assertThat(set.countOf(BASE + 1)).isEqualTo(-1);
    }

    /**
     * A bitmap's count cursor, asked for instants in ascending order, gives what
     * {@code countOf} gives: each stored reading's own count, -1 for an instant not held,
     * across windows; the hash layout, whose lookup is one probe, offers none.
     */
    @Test
    void aCountCursorGivesTheCountsOfAscendingInstantsAsCountOfDoes() {
        long start = (BASE >> InstantSet.WINDOW_BITS) << InstantSet.WINDOW_BITS;
        InstantSet set = new InstantSet();
        long[] held = spread(start, 96, 3);
        set.prepare(held, set.plan(held));
        for (long instant : held) {
            set.add(instant, 1 + (instant - start) % 1000, 0);
        }
        assertThat(set.isBitmap()).isTrue();
        long[] asked = { start - 1, held[0], held[0] + 1, held[4], held[30], held[31], held[95], held[95] + 7,
                start + (5L << InstantSet.WINDOW_BITS) };
        Arrays.sort(asked);
        CountCursor cursor = set.countCursor(asked.length);
        assertThat(cursor).isNotNull();
        List<Long> counts = new ArrayList<>();
        for (long instant : asked) {
            counts.add(cursor.countOf(instant));
        }
        List<Long> expected = new ArrayList<>();
        for (long instant : asked) {
            expected.add(set.countOf(instant));
        }
        assertThat(counts).isEqualTo(expected).contains(-1L).doesNotContain(0L);
        assertThat(new InstantSet().countCursor(10)).isNull();
    }

    /** {@code count} instants a million seconds apart, from the {@code first}-th on. */
    private static long[] sparse(int first, int count) {
        long[] instants = new long[count];
        for (int i = 0; i < count; i++) {
            instants[i] = BASE + 1_000_000L * (first + i);
        }
        return instants;
    }

    private static long[] sortedWindows(long[]... batches) {
        long[] windows = LayoutBytes.windowsOf(Arrays.stream(batches).flatMapToLong(Arrays::stream).toArray());
        Arrays.sort(windows);
        return windows;
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
        apply(set, batch, growth);
        return growth;
    }

    private static void apply(InstantSet set, long[] batch, InstantSet.Growth growth) {
        set.prepare(batch, growth);
        for (long instant : batch) {
            set.add(instant, 1, 0);
        }
        set.commit(growth);
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
