package io.brightcounter.readings.memory;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
        assertThat(WindowValues.widthOf(largest)).isEqualTo(width);
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

}
