package io.brightcounter.readings.memory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A series adds whole windows from their sums and reads counts only where a bucket bound
 * cuts a window: its buckets must equal those of the naive walk over every reading, for
 * dense devices (windows full, or a reading a minute), sparse ones (the hash layout),
 * instants around the epoch and a 2^32-second span bound, and buckets aligned with the
 * windows, smaller or larger than them, a second long, cut at {@code to}, or wholly
 * outside the readings.
 */
class InstantSetSeriesTests {

    private static final long BASE = 1_600_000_000L;

    private static final long WINDOW = 1L << 16;

    private static final Map<String, InstantSet> SETS = new ConcurrentHashMap<>();

    private static final Map<String, long[]> INSTANTS = Map.of(
            // Every second of three windows and a part of the next: windows full.
            "dense, a reading a second",
            LongStream.range(0, 3 * WINDOW + 5_000).map((i) -> (BASE & ~(WINDOW - 1)) + i).toArray(),
            "dense, a reading a minute", LongStream.range(0, 20_000).map((i) -> BASE + 60 * i).toArray(),
            "clusters with empty windows between",
            LongStream.range(0, 12_000).map((i) -> BASE + (i / 2_000) * 5 * WINDOW + 13 * (i % 2_000)).toArray(),
            "sparse, readings years apart (hash layout)",
            LongStream.range(0, 300).map((i) -> BASE - 150 * 40_000_000L + 40_000_000L * i + i % 7).toArray(),
            "around the epoch, negative instants", LongStream.range(-15_000, 15_000).map((i) -> 7 * i).toArray(),
            "across a 2^32-second span bound",
            LongStream.range(-10_000, 10_000).map((i) -> (1L << 32) + 5 * i).toArray());

    static Stream<Arguments> cases() {
        List<String> buckets = List.of("a bucket a window, aligned", "buckets smaller than a window, unaligned",
                "buckets larger than a window, unaligned", "one-second buckets across a window bound",
                "one bucket over everything", "last bucket cut at to", "from and to inside one window",
                "all before the first reading", "all after the last reading");
        return INSTANTS.keySet()
            .stream()
            .sorted()
            .flatMap((spread) -> buckets.stream().map((bucket) -> Arguments.of(spread, bucket)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void bucketsEqualTheNaiveWalk(String spread, String buckets) {
        long[] instants = INSTANTS.get(spread);
        InstantSet set = SETS.computeIfAbsent(spread, (name) -> filled(instants, new Random(name.hashCode())));
        assertThat(set.isBitmap()).isEqualTo(!spread.contains("hash layout"));
        long first = instants[0];
        long last = instants[instants.length - 1];
        long[] range = switch (buckets) {
            case "a bucket a window, aligned" -> new long[] { first & ~(WINDOW - 1), WINDOW, 0 };
            case "buckets smaller than a window, unaligned" -> new long[] { first - 12_345, 60_001, 0 };
            case "buckets larger than a window, unaligned" -> new long[] { first - 777, 3 * WINDOW + 1_001, 0 };
            case "one-second buckets across a window bound" -> {
                long bound = ((first + last) / 2 + WINDOW - 1) & ~(WINDOW - 1);
                yield new long[] { bound - 1_500, 1, 3_000 };
            }
            case "one bucket over everything" -> new long[] { first - 1, last - first + 2, 1 };
            case "last bucket cut at to" -> new long[] { first, 50_000, 0, last - 1_000 };
            case "from and to inside one window" -> {
                long start = ((first + last) / 2) & ~(WINDOW - 1);
                yield new long[] { start + 1_000, 7_000, 0, start + 60_000 };
            }
            case "all before the first reading" -> new long[] { first - 100 * WINDOW, WINDOW / 2, 0, first };
            case "all after the last reading" -> new long[] { last + 1, WINDOW / 2, 100 };
            default -> throw new IllegalArgumentException(buckets);
        };
        long from = range[0];
        long step = range[1];
        long to = (range.length > 3) ? range[3] : (range[2] > 0) ? from + step * range[2] : last + 1;
        int count = (int) ((to - from + step - 1) / step);
        assertThat(count).isBetween(1, 1_000_000);
        long[] sums = new long[count];
        long[] readings = new long[count];
        set.series(from, to, step, sums, readings);
        long[] walkedSums = new long[count];
        long[] walkedReadings = new long[count];
        set.forEach(from, to, (instant, offsetSeconds, readingCount) -> {
            int bucket = (int) ((instant - from) / step);
            walkedSums[bucket] += readingCount;
            walkedReadings[bucket]++;
            return true;
        });
        // Compared as arrays: containsExactly diffs lists in time quadratic in the
        // buckets, most of this test's time at 200,000 of them.
        assertThat(readings).isEqualTo(walkedReadings);
        assertThat(sums).isEqualTo(walkedSums);
        long inRange = Arrays.stream(instants).filter((instant) -> instant >= from && instant < to).count();
        assertThat(LongStream.of(readings).sum()).isEqualTo(inRange);
    }

    /**
     * The set holding {@code instants}, added in batches, with counts of every width: 0
     * (not known), one byte, and now and then two, four and eight, so that some windows
     * keep one-byte counts and others wider ones.
     */
    private static InstantSet filled(long[] instants, Random random) {
        InstantSet set = new InstantSet();
        Function<Integer, Long> count = (kind) -> switch (kind) {
            case 0 -> 0L;
            case 1 -> 1L + random.nextInt(60_000);
            case 2 -> 1L + random.nextInt(Integer.MAX_VALUE) * 3L;
            case 3 -> 1L + (random.nextLong() >>> 12);
            default -> 1L + random.nextInt(200);
        };
        for (int start = 0; start < instants.length; start += 4_096) {
            long[] batch = Arrays.copyOfRange(instants, start, Math.min(instants.length, start + 4_096));
            InstantSet.Growth growth = set.plan(batch);
            set.prepare(batch, growth);
            for (long instant : batch) {
                set.add(instant, count.apply(random.nextInt(2_000)), 3600);
            }
            set.commit(growth);
        }
        return set;
    }

}
