package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice's sum must equal the counts of its ranks added one by one, for every count
 * width, for slices that start and end anywhere within a word of eight bytes, and for
 * full windows of largest counts: one-byte counts overflow their lanes unless they are
 * folded, and two-byte counts come as close to it as a window allows.
 */
class WindowValuesTests {

    static Stream<Arguments> windows() {
        return Stream.of(Arguments.of("one byte, random", 1, 255L, 3_000, false),
                Arguments.of("one byte, every count 255", 1, 255L, 65_536, true),
                Arguments.of("two bytes, random", 2, 65_535L, 3_000, false),
                Arguments.of("two bytes, every count 65,535", 2, 65_535L, 65_536, true),
                Arguments.of("four bytes, random", 4, 0xFFFF_FFFFL, 3_000, false),
                Arguments.of("eight bytes, random", 8, Long.MAX_VALUE / 65_536, 3_000, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void aSliceSumsTheCountsOfItsRanks(String name, int width, long largest, int size, boolean allLargest) {
        Random random = new Random(name.hashCode());
        WindowValues values = new WindowValues();
        long[] counts = new long[size];
        for (int rank = 0; rank < size; rank++) {
            counts[rank] = allLargest ? largest : 1 + (random.nextLong() >>> 1) % largest;
            // Appended in rank order, as a device reporting in time order adds them.
            values.insert(7, rank, counts[rank], 3600);
        }
        counts[size / 2] = largest;
        values.remove(7, size / 2);
        values.insert(7, size / 2, largest, 3600);
        assertThat(PackedCounts.widthOf(largest)).isEqualTo(width);
        int index = values.find(7);
        for (int from = 0; from < 40; from++) {
            for (int to = from; to < from + 40; to++) {
                assertThat(values.sum(index, from, to)).as("ranks %d to %d", from, to)
                    .isEqualTo(naive(counts, from, to));
            }
        }
        for (int trial = 0; trial < 2_000; trial++) {
            int from = random.nextInt(size + 1);
            int to = from + random.nextInt(size - from + 1);
            assertThat(values.sum(index, from, to)).as("ranks %d to %d", from, to).isEqualTo(naive(counts, from, to));
        }
        assertThat(values.sum(index, 0, size / 2)).isEqualTo(naive(counts, 0, size / 2));
        assertThat(values.sum(index, size / 2, size)).isEqualTo(naive(counts, size / 2, size));
        assertThat(values.sum(index, 0, size)).isEqualTo(naive(counts, 0, size));
    }

    private static long naive(long[] counts, int from, int to) {
        long sum = 0;
        for (int rank = from; rank < to; rank++) {
            sum += counts[rank];
        }
        return sum;
    }

    /**
     * Windows of every kind (one-byte counts and one offset, two-byte counts, four-byte
     * counts with an offset per reading, eight-byte counts), then the one in the middle
     * and the first emptied: the windows left keep their keys, counts, offsets, sums and
     * sizes, and their heap goes with them.
     */
    @Test
    void emptyingAWindowInTheMiddleOrAtTheStartKeepsTheOthersWhole() {
        WindowValues values = new WindowValues();
        Map<Long, List<long[]>> model = new TreeMap<>();
        put(values, model, 3, 200, 3600);
        put(values, model, 3, 17, 3600);
        put(values, model, 5, 1, 0);
        put(values, model, 5, 300, 0);
        put(values, model, 5, 2, 0);
        for (int i = 0; i < 10; i++) {
            // A second offset at the second reading, and more readings than the offsets'
            // first array holds.
            put(values, model, 7, 70_000L * (i + 1), (i % 3 == 1) ? -5400 : 7200);
        }
        put(values, model, 9, 1L << 40, -3600);
        put(values, model, 9, 5, -3600);
        assertWindows(values, model);
        long bytes = values.bytes();
        values.remove(5, 1);
        values.remove(5, 0);
        model.get(5L).subList(0, 2).clear();
        assertWindows(values, model);
        assertThat(values.bytes()).isEqualTo(bytes);
        values.remove(5, 0);
        model.remove(5L);
        assertWindows(values, model);
        assertThat(bytes - values.bytes()).as("the emptied window's two-byte counts, room for eight")
            .isEqualTo(WindowValues.byteArrayBytes(2 * 8));
        bytes = values.bytes();
        values.remove(3, 0);
        values.remove(3, 0);
        model.remove(3L);
        assertWindows(values, model);
        assertThat(bytes - values.bytes()).as("the emptied window's one-byte counts, room for eight")
            .isEqualTo(WindowValues.byteArrayBytes(8));
        assertThat(values.find(3)).isNegative();
        assertThat(values.find(5)).isNegative();
    }

    @Test
    void aWindowsCountsAreCopiedToALargerArrayOnlyOnceTheirArrayIsFull() {
        WindowValues values = new WindowValues();
        values.insert(7, 0, 1, 0);
        long bytes = values.bytes();
        for (int rank = 1; rank < 8; rank++) {
            values.insert(7, rank, 1 + rank, 0);
            assertThat(values.bytes()).as("%d readings", rank + 1).isEqualTo(bytes);
        }
        values.insert(7, 8, 9, 0);
        assertThat(values.bytes()).as("9 readings").isGreaterThan(bytes);
        assertThat(values.sum(values.find(7))).isEqualTo(45);
    }

    @Test
    void aWindowsOffsetsAreCopiedToALargerArrayOnlyOnceTheirArrayIsFull() {
        WindowValues values = new WindowValues();
        values.insert(7, 0, 1, 0);
        values.insert(7, 1, 2, 3600);
        long bytes = values.bytes();
        for (int rank = 2; rank < 8; rank++) {
            values.insert(7, rank, 1 + rank, 3600 * (rank % 2));
            assertThat(values.bytes()).as("%d readings", rank + 1).isEqualTo(bytes);
        }
        values.insert(7, 8, 9, 0);
        assertThat(values.bytes()).as("9 readings").isGreaterThan(bytes);
        for (int rank = 0; rank < 9; rank++) {
            assertThat(values.offsetSeconds(values.find(7), rank)).isEqualTo(3600 * (rank % 2));
        }
    }

    /**
     * A window whose readings had offsets of their own and wider counts gives back, when
     * it goes, all the heap it was counted for: the values report what they did before it
     * came.
     */
    @Test
    void aWindowEmptiedGivesBackTheHeapItsArraysWereCountedFor() {
        WindowValues values = new WindowValues();
        values.insert(1, 0, 1, 0);
        values.insert(3, 0, 1, 0);
        values.insert(9, 0, 1, 0);
        // Room for a third window again: the window slots stay as they are.
        values.remove(1, 0);
        long before = values.bytes();
        for (int rank = 0; rank < 20; rank++) {
            values.insert(5, rank, (rank == 12) ? 1L << 20 : 1 + rank, 900 * (rank % 3));
        }
        assertThat(values.bytes()).isGreaterThan(before + WindowValues.shortArrayBytes(20));
        for (int rank = 19; rank >= 0; rank--) {
            values.remove(5, rank);
        }
        assertThat(values.bytes()).isEqualTo(before);
        assertThat(values.windows()).isEqualTo(2);
    }

    /**
     * Each window takes a slot in seven parallel arrays (key, sum, two references, size,
     * common offset and width: 31 bytes), which grow by a quarter when full and are
     * counted rounded up to 8 bytes; each window's first counts array holds eight
     * one-byte counts.
     */
    @ParameterizedTest(name = "{0} windows: {1} window slots, {2} bytes")
    @CsvSource({ "0, 0, 144", "1, 2, 232", "2, 2, 256", "3, 3, 312", "4, 4, 368", "5, 6, 456", "6, 6, 480", "7, 8, 560",
            "9, 11, 704" })
    void theWindowSlotsAreCountedAsTheirArraysGrowByAQuarter(int windows, int slots, long bytes) {
        WindowValues values = new WindowValues();
        for (int window = 0; window < windows; window++) {
            values.insert(window, 0, 1, 0);
        }
        assertThat(values.bytes())
            .isEqualTo(WindowValues.VALUES_BYTES + (WindowValues.WINDOW_SLOT_BYTES * slots + 7) / 8 * 8
                    + windows * WindowValues.byteArrayBytes(8))
            .isEqualTo(bytes);
    }

    /**
     * A window that widens its counts, or takes offsets of its own, keeps the room its
     * count array has when the readings it then holds fit, and otherwise grows it as
     * Roaring grows an array container (twice the room below 64): the new arrays are
     * counted at exactly that length.
     */
    @ParameterizedTest(name = "after {0} readings: room for {1}")
    @CsvSource({ "1, 8, 8, 32", "7, 8, 8, 32", "9, 16, 16, 48" })
    void aWindowGrowingItsArraysKeepsItsRoomOrDoublesIt(int held, int room, long widenedBytes, long ownOffsetsBytes) {
        WindowValues widened = new WindowValues();
        WindowValues ownOffsets = new WindowValues();
        for (int rank = 0; rank < held; rank++) {
            widened.insert(7, rank, 1 + rank, 0);
            ownOffsets.insert(7, rank, 1 + rank, 0);
        }
        long widenedBefore = widened.bytes();
        long ownOffsetsBefore = ownOffsets.bytes();
        widened.insert(7, held, 300, 0);
        ownOffsets.insert(7, held, 8, 3600);
        assertThat(widened.bytes() - widenedBefore).as("two-byte counts in place of one-byte ones")
            .isEqualTo(widenedBytes);
        assertThat(ownOffsets.bytes() - ownOffsetsBefore).as("offsets of its own")
            .isEqualTo(WindowValues.shortArrayBytes(room))
            .isEqualTo(ownOffsetsBytes);
        assertThat(widened.count(0, held)).isEqualTo(300);
        assertThat(widened.count(0, held - 1)).isEqualTo(held);
        assertThat(ownOffsets.offsetSeconds(0, held)).isEqualTo(3600);
        assertThat(ownOffsets.offsetSeconds(0, held - 1)).isZero();
    }

    /**
     * Taking a reading out of a window whose arrays are full moves every later reading's
     * count and offset down a rank, and the window's sum loses the count taken out.
     */
    @ParameterizedTest(name = "rank {0} of eight")
    @CsvSource({ "0", "3", "7" })
    void removingAReadingFromAFullWindowMovesTheLaterOnesDown(int removed) {
        WindowValues values = new WindowValues();
        List<long[]> readings = new ArrayList<>();
        for (int rank = 0; rank < 8; rank++) {
            long count = 10L * (rank + 1);
            int offset = (rank % 2 == 0) ? 3600 : -1800;
            values.insert(5, rank, count, offset);
            readings.add(new long[] { count, offset });
        }
        long bytes = values.bytes();
        values.remove(5, removed);
        readings.remove(removed);
        assertWindows(values, Map.of(5L, readings));
        assertThat(values.bytes()).isEqualTo(bytes);
    }

    /**
     * The heap of a primitive array as the JVM lays it out: a 16-byte header, then the
     * elements, rounded up to 8 bytes.
     */
    @ParameterizedTest(name = "{0} elements")
    @CsvSource({ "0, 16, 16", "1, 24, 24", "3, 24, 24", "4, 24, 24", "5, 24, 32", "8, 24, 32", "9, 32, 40",
            "17, 40, 56" })
    void arrayHeapIsAHeaderAndTheElementsRoundedUpToEightBytes(long length, long bytes, long shorts) {
        assertThat(WindowValues.byteArrayBytes(length)).isEqualTo(bytes);
        assertThat(WindowValues.shortArrayBytes(length)).isEqualTo(shorts);
    }

    private static void put(WindowValues values, Map<Long, List<long[]>> model, long window, long count,
            int offsetSeconds) {
        List<long[]> readings = model.computeIfAbsent(window, (key) -> new ArrayList<>());
        values.insert(window, readings.size(), count, offsetSeconds);
        readings.add(new long[] { count, offsetSeconds });
    }

    private static void assertWindows(WindowValues values, Map<Long, List<long[]>> model) {
        assertThat(values.windows()).isEqualTo(model.size());
        int index = 0;
        for (Map.Entry<Long, List<long[]>> window : model.entrySet()) {
            List<long[]> readings = window.getValue();
            assertThat(values.key(index)).isEqualTo(window.getKey());
            assertThat(values.find(window.getKey())).isEqualTo(index);
            assertThat(values.size(index)).as("window %d", window.getKey()).isEqualTo(readings.size());
            long sum = 0;
            for (int rank = 0; rank < readings.size(); rank++) {
                assertThat(values.count(index, rank)).as("window %d rank %d", window.getKey(), rank)
                    .isEqualTo(readings.get(rank)[0]);
                assertThat(values.offsetSeconds(index, rank)).as("window %d rank %d", window.getKey(), rank)
                    .isEqualTo(readings.get(rank)[1]);
                sum += readings.get(rank)[0];
            }
            assertThat(values.sum(index)).as("window %d", window.getKey()).isEqualTo(sum);
            index++;
        }
    }

}
