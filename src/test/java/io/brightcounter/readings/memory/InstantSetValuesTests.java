package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each reading's count and offset, kept beside its instant in both layouts and across the
 * moves between them, checked against a sorted map: history in ranges, series in buckets,
 * the count of one instant.
 */
class InstantSetValuesTests {

    private static final long BASE = 1_600_000_000L;

    static Stream<Arguments> spreads() {
        return Stream.of(Arguments.of("a reading a minute", 60L, 1_000L), Arguments.of("a reading a second", 1L, 1L),
                Arguments.of("readings days apart, then dense", 300_000L, 1L),
                Arguments.of("readings years apart", 40_000_000L, 40_000_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spreads")
    void countsAndOffsetsComeBackAsStored(String name, long firstSpacing, long laterSpacing) {
        Random random = new Random(name.hashCode());
        InstantSet set = new InstantSet();
        TreeMap<Long, long[]> model = new TreeMap<>();
        for (int batch = 0; batch < 40; batch++) {
            long spacing = (batch < 20) ? firstSpacing : laterSpacing;
            List<Long> instants = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                long instant = BASE + spacing * random.nextInt(3_000) * ((random.nextInt(10) == 0) ? -1 : 1);
                if (!model.containsKey(instant) && !instants.contains(instant)) {
                    instants.add(instant);
                }
            }
            long[] fresh = instants.stream().mapToLong(Long::longValue).toArray();
            InstantSet.Growth growth = set.plan(fresh);
            set.prepare(fresh, growth);
            for (long instant : fresh) {
                long count = switch (random.nextInt(6)) {
                    case 0 -> 1 + random.nextInt(100_000);
                    case 1 -> 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE;
                    case 2 -> 8191;
                    default -> 1 + random.nextInt(255);
                };
                int offset = (random.nextInt(5) == 0) ? 60 * (random.nextInt(2161) - 1080) : 3600;
                set.add(instant, count, offset);
                model.put(instant, new long[] { count, offset });
            }
            set.commit(growth);
            assertMatches(set, model, random);
        }
    }

    private static void assertMatches(InstantSet set, TreeMap<Long, long[]> model, Random random) {
        assertThat(set.size()).isEqualTo(model.size());
        List<long[]> all = new ArrayList<>();
        set.forEach(Long.MIN_VALUE, Long.MAX_VALUE,
                (instant, offset, count) -> all.add(new long[] { instant, count, offset }));
        List<long[]> expected = model.entrySet()
            .stream()
            .map((entry) -> new long[] { entry.getKey(), entry.getValue()[0], entry.getValue()[1] })
            .toList();
        assertThat(all).containsExactlyElementsOf(expected);
        for (Map.Entry<Long, long[]> entry : model.entrySet()) {
            assertThat(set.countOf(entry.getKey())).isEqualTo(entry.getValue()[0]);
        }
        assertThat(set.countOf(model.firstKey() - 1)).isEqualTo(-1);
        long from = model.firstKey() - random.nextInt(100_000);
        long step = 1 + random.nextInt(200_000);
        int buckets = 1 + random.nextInt(200);
        long to = from + step * buckets - random.nextInt((int) Math.min(step, 1000));
        long[] sums = new long[buckets];
        long[] readings = new long[buckets];
        set.series(from, to, step, sums, readings);
        long[] expectedSums = new long[buckets];
        long[] expectedReadings = new long[buckets];
        for (Map.Entry<Long, long[]> entry : model.subMap(from, to).entrySet()) {
            int bucket = (int) ((entry.getKey() - from) / step);
            expectedSums[bucket] += entry.getValue()[0];
            expectedReadings[bucket]++;
        }
        assertThat(readings).containsExactly(expectedReadings);
        assertThat(sums).containsExactly(expectedSums);
        List<Long> page = new ArrayList<>();
        set.forEach(from, to, (instant, offset, count) -> page.add(instant) && page.size() < 7);
        assertThat(page).containsExactlyElementsOf(model.subMap(from, to).keySet().stream().limit(7).toList());
    }

}
