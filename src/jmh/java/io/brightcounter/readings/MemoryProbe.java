package io.brightcounter.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import org.openjdk.jol.info.GraphLayout;

/**
 * Fills an in-memory store and reports the bytes it retains per stored reading, measured with
 * JOL over the whole object graph (map, keys, device states, instant sets), and how the bytes the
 * store counts against {@code max-stored-bytes} compare with it:
 * <ul>
 * <li>dense: 10,000 devices x 1,000 readings at a 60-second cadence, arriving shuffled;</li>
 * <li>sparse: 1,000,000 readings over 10,000 devices at random seconds across 50 years;</li>
 * <li>single: 100,000 devices with one reading each, the costliest case per reading.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.main=io.brightcounter.readings.MemoryProbe
 * </pre>
 */
public final class MemoryProbe {

    private static final int DEVICES = 10_000;

    private static final long START = 1_600_000_000L;

    private MemoryProbe() {
    }

    public static void main(String[] args) {
        report("dense", dense(new Random(1)));
        report("sparse", sparse(new Random(2)));
        report("single", single(new Random(3)));
    }

    private static List<DeviceBatch> single(Random random) {
        List<DeviceBatch> batches = new ArrayList<>();
        for (int d = 0; d < 100_000; d++) {
            ReadingBatch readings = new ReadingBatch();
            readings.add(1 + random.nextInt(100), new Timestamp(START + random.nextInt(100_000_000), 3600));
            batches.add(new DeviceBatch(UUID.randomUUID(), readings));
        }
        return batches;
    }

    private static void report(String scenario, List<DeviceBatch> batches) {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.unbounded();
        for (DeviceBatch batch : batches) {
            store.add(batch.device(), batch.readings());
        }
        long stored = 0;
        for (DeviceBatch batch : batches) {
            stored += batch.readings().size();
        }
        long bytes = GraphLayout.parseInstance(store).totalSize();
        System.out.printf(
                "%-6s %,d readings on %,d devices: %,d bytes retained, %.2f bytes per reading; counted %,d (%.3f x)%n",
                scenario, stored, batches.stream().map(DeviceBatch::device).distinct().count(), bytes,
                (double) bytes / stored, store.storedBytes(), (double) store.storedBytes() / bytes);
    }

    /** Every device's 1,000 readings, shuffled, sent 100 at a time, devices interleaved. */
    private static List<DeviceBatch> dense(Random random) {
        List<DeviceBatch> batches = new ArrayList<>();
        List<List<DeviceBatch>> perDevice = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            UUID device = UUID.randomUUID();
            long first = START + random.nextInt(365 * 86_400);
            int[] order = shuffledRange(1000, random);
            List<DeviceBatch> own = new ArrayList<>();
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add(1 + random.nextInt(100), new Timestamp(first + 60L * order[b * 100 + i], 3600));
                }
                own.add(new DeviceBatch(device, readings));
            }
            perDevice.add(own);
        }
        for (int b = 0; b < 10; b++) {
            for (List<DeviceBatch> own : perDevice) {
                batches.add(own.get(b));
            }
        }
        return batches;
    }

    /** A million readings, each for a random device at a random second of 50 years, 100 a batch. */
    private static List<DeviceBatch> sparse(Random random) {
        UUID[] devices = new UUID[DEVICES];
        ReadingBatch[] pending = new ReadingBatch[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            devices[d] = UUID.randomUUID();
            pending[d] = new ReadingBatch();
        }
        List<DeviceBatch> batches = new ArrayList<>();
        long span = 50L * 365 * 86_400;
        for (int i = 0; i < 1_000_000; i++) {
            int d = random.nextInt(DEVICES);
            pending[d].add(1 + random.nextInt(100), new Timestamp(START - (long) (random.nextDouble() * span), 0));
            if (pending[d].size() == 100) {
                batches.add(new DeviceBatch(devices[d], pending[d]));
                pending[d] = new ReadingBatch();
            }
        }
        for (int d = 0; d < DEVICES; d++) {
            if (pending[d].size() > 0) {
                batches.add(new DeviceBatch(devices[d], pending[d]));
            }
        }
        return batches;
    }

    private static int[] shuffledRange(int size, Random random) {
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

    private record DeviceBatch(UUID device, ReadingBatch readings) {
    }

}
