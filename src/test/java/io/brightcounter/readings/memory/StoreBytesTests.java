package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bytes the store counts against {@code max-stored-bytes}, held to what JOL measures
 * over the whole store (map, keys, device states, instant sets) for the fleets of
 * {@code MemoryProbe}.
 */
class StoreBytesTests {

    private static final long START = 1_600_000_000L;

    @Test
    void denseDevicesAreCountedWithin15PercentOfTheirHeap() {
        Random random = new Random(1);
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            UUID device = new UUID(1, d);
            long first = START + random.nextInt(365 * 86_400);
            int[] order = shuffled(1000, random);
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add(1, new Timestamp(first + 60L * order[b * 100 + i], 0));
                }
                batches.add(new Batch(device, readings));
            }
        }
        assertCountedWithin15Percent(batches);
    }

    @Test
    void everySecondDevicesAreCountedWithin15PercentOfTheirHeap() {
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            for (int b = 0; b < 1500; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add(1, new Timestamp(START + b * 100L + i, 0));
                }
                batches.add(new Batch(new UUID(2, d), readings));
            }
        }
        assertCountedWithin15Percent(batches);
    }

    @Test
    void sparseDevicesAreCountedWithin15PercentOfTheirHeap() {
        Random random = new Random(2);
        List<Batch> batches = new ArrayList<>();
        long span = 50L * 365 * 86_400;
        for (int d = 0; d < 300; d++) {
            ReadingBatch readings = new ReadingBatch();
            for (int i = 0; i < 100; i++) {
                readings.add(1, new Timestamp(START - (long) (random.nextDouble() * span), 0));
            }
            batches.add(new Batch(new UUID(3, d), readings));
        }
        for (int d = 0; d < 300; d++) {
            for (int b = 0; b < 5; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 1 + random.nextInt(20); i++) {
                    readings.add(1, new Timestamp(START - (long) (random.nextDouble() * span), 0));
                }
                batches.add(new Batch(new UUID(3, d), readings));
            }
        }
        assertCountedWithin15Percent(batches);
    }

    @Test
    void singleReadingDevicesAreCountedWithin15PercentOfTheirHeap() {
        Random random = new Random(3);
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 2000; d++) {
            batches.add(new Batch(new UUID(4, d),
                    new ReadingBatch().add(1, new Timestamp(START + random.nextInt(100_000_000), 3600))));
        }
        assertCountedWithin15Percent(batches);
    }

    /**
     * Counts needing two, four and eight bytes (past 2^32): small ones first, so that
     * windows widen their arrays part way, and the capacity counted follows the arrays
     * they end with.
     */
    @Test
    void denseDevicesWithLargeCountsAreCountedWithin5PercentOfTheirHeap() {
        Random random = new Random(5);
        long[] largest = { 60_000, 4_000_000_000L, 1L << 40 };
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 150; d++) {
            UUID device = new UUID(5, d);
            long first = START + random.nextInt(365 * 86_400);
            long max = largest[d % largest.length];
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    long count = (b < 5) ? 1 + random.nextInt(200) : max - random.nextInt(1000);
                    readings.add(count, new Timestamp(first + 60L * (b * 100 + i), 0));
                }
                batches.add(new Batch(device, readings));
            }
        }
        assertCountedWithin(batches, 0.05);
    }

    /**
     * Every count past 2^32 on dense devices: every window holds eight bytes a reading.
     */
    @Test
    void everyCountPast2To32IsCountedWithin5PercentOfItsHeap() {
        Random random = new Random(6);
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
            UUID device = new UUID(6, d);
            long first = START + random.nextInt(365 * 86_400);
            int[] order = shuffled(1000, random);
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add((1L << 32) + random.nextInt(1 << 30),
                            new Timestamp(first + 60L * order[b * 100 + i], 0));
                }
                batches.add(new Batch(device, readings));
            }
        }
        assertCountedWithin(batches, 0.05);
    }

    /**
     * Sparse devices (the hash layout) whose counts do not fit a slot's 13 bits, up to
     * past 2^32: each is kept in the set's tree of large counts.
     */
    @Test
    void sparseDevicesWithLargeCountsAreCountedWithin15PercentOfTheirHeap() {
        Random random = new Random(7);
        List<Batch> batches = new ArrayList<>();
        long span = 50L * 365 * 86_400;
        for (int d = 0; d < 300; d++) {
            ReadingBatch readings = new ReadingBatch();
            for (int i = 0; i < 100; i++) {
                long count = (i % 2 == 0) ? 8_191 + random.nextInt(100_000) : (1L << 33) + random.nextInt(1 << 30);
                readings.add(count, new Timestamp(START - (long) (random.nextDouble() * span), 0));
            }
            batches.add(new Batch(new UUID(7, d), readings));
        }
        assertCountedWithin(batches, 0.15);
    }

    /**
     * Dense devices whose readings come in many offsets: windows keep an offset per
     * reading.
     */
    @Test
    void denseDevicesInManyOffsetsAreCountedWithin5PercentOfTheirHeap() {
        Random random = new Random(8);
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 150; d++) {
            UUID device = new UUID(8, d);
            long first = START + random.nextInt(365 * 86_400);
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add(1 + random.nextInt(70_000),
                            new Timestamp(first + 60L * (b * 100 + i), 900 * (random.nextInt(97) - 48)));
                }
                batches.add(new Batch(device, readings));
            }
        }
        assertCountedWithin(batches, 0.05);
    }

    private static void assertCountedWithin15Percent(List<Batch> batches) {
        assertCountedWithin(batches, 0.15);
    }

    private static void assertCountedWithin(List<Batch> batches, double share) {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.unbounded();
        for (Batch batch : batches) {
            store.add(batch.device(), batch.readings());
        }
        long measured = GraphLayout.parseInstance(store).totalSize();
        assertThat((double) store.storedBytes()).as("counted against %,d measured by JOL", measured)
            .isCloseTo(measured, within(share * measured));
    }

    private static int[] shuffled(int size, Random random) {
        int[] values = new int[size];
        for (int i = 0; i < size; i++) {
            values[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }

    private record Batch(UUID device, ReadingBatch readings) {
    }

}
