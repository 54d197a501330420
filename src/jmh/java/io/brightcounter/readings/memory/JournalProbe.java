package io.brightcounter.readings.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.FlushListener;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.JournalFileSystem;
import io.brightcounter.readings.memory.journal.JournalMode;

/**
 * Bytes a reading takes in the journal and in a snapshot, and how fast a store is rebuilt from
 * each, for three fleets:
 * <ul>
 * <li>dense: 10,000 devices x 1,000 readings 60 s apart, shuffled, 100 a batch;</li>
 * <li>sparse: 1,000,000 readings of 10,000 devices at random seconds across 50 years, 100 a batch;</li>
 * <li>create1: 1,000,000 batches of one reading, 10,000 devices reporting every 60 s.</li>
 * </ul>
 * Recovery is timed three times per source after a warm-up, best of three.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.main=io.brightcounter.readings.memory.JournalProbe
 * </pre>
 */
public final class JournalProbe {

    private static final long START = 1_600_000_000L;

    private JournalProbe() {
    }

    public static void main(String[] args) throws IOException {
        probe("dense", dense(new Random(1)));
        probe("sparse", sparse(new Random(2)));
        probe("create1", create1(new Random(3)));
    }

    private static void probe(String fleet, List<Batch> batches) throws IOException {
        Path dir = Files.createTempDirectory("journal-probe");
        try {
            long readings;
            try (Journal<JournalBatchCodec.Batch> journal = open(dir)) {
                InMemoryDeviceReadingStore store = recover(journal);
                for (Batch batch : batches) {
                    store.add(batch.device, batch.readings);
                }
                readings = store.storedReadings();
            }
            long journalBytes = sizeOf(dir);
            double fromJournal = bestRate(dir, readings);
            long snapshotBytes;
            try (Journal<JournalBatchCodec.Batch> journal = open(dir)) {
                InMemoryDeviceReadingStore store = recover(journal);
                snapshotBytes = journal.snapshot(store::writeSnapshot);
            }
            double fromSnapshot = bestRate(dir, readings);
            System.out.printf("%-8s %,d readings: journal %.2f bytes a reading, snapshot %.2f bytes a reading; "
                    + "recovery %,.0f readings/s from the journal, %,.0f readings/s from the snapshot%n", fleet, readings,
                    (double) journalBytes / readings, (double) snapshotBytes / readings, fromJournal, fromSnapshot);
        }
        finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Readings a second rebuilt from the directory, best of three after one warm-up. */
    private static double bestRate(Path dir, long expected) throws IOException {
        double best = 0;
        for (int i = 0; i < 4; i++) {
            System.gc();
            long start = System.nanoTime();
            try (Journal<JournalBatchCodec.Batch> journal = open(dir)) {
                InMemoryDeviceReadingStore store = recover(journal);
                long nanos = System.nanoTime() - start;
                if (store.storedReadings() != expected) {
                    throw new IllegalStateException("recovered " + store.storedReadings() + " of " + expected);
                }
                if (i > 0) {
                    best = Math.max(best, expected * 1e9 / nanos);
                }
            }
        }
        return best;
    }

    private static Journal<JournalBatchCodec.Batch> open(Path dir) throws IOException {
        return Journal.open(dir, JournalMode.WRITE, false, 64L << 20, JournalFileSystem.DEFAULT, JournalBatchCodec.INSTANCE,
                () -> {
                }, FlushListener.NONE);
    }

    private static InMemoryDeviceReadingStore recover(Journal<JournalBatchCodec.Batch> journal) throws IOException {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(Long.MAX_VALUE,
                (id, readings) -> journal.append(new JournalBatchCodec.Batch(id, readings)));
        journal.recover(StoreJournal.replayInto(store));
        return store;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static List<Batch> dense(Random random) {
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 10_000; d++) {
            UUID device = UUID.randomUUID();
            long first = START + random.nextInt(365 * 86_400);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            for (int b = 0; b < 10; b++) {
                ReadingBatch readings = new ReadingBatch();
                for (int i = 0; i < 100; i++) {
                    readings.add(1 + random.nextInt(100), new Timestamp(first + 60L * order.get(b * 100 + i), 3600));
                }
                batches.add(new Batch(device, readings));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private static List<Batch> sparse(Random random) {
        List<UUID> devices = new ArrayList<>();
        for (int d = 0; d < 10_000; d++) {
            devices.add(UUID.randomUUID());
        }
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < 10_000; b++) {
            ReadingBatch readings = new ReadingBatch();
            for (int i = 0; i < 100; i++) {
                readings.add(1 + random.nextInt(100), new Timestamp(START + (long) (random.nextDouble() * 50 * 365 * 86_400L),
                        900 * (random.nextInt(9) - 4)));
            }
            batches.add(new Batch(devices.get(b % devices.size()), readings));
        }
        return batches;
    }

    private static List<Batch> create1(Random random) {
        List<UUID> devices = new ArrayList<>();
        for (int d = 0; d < 10_000; d++) {
            devices.add(UUID.randomUUID());
        }
        List<Batch> batches = new ArrayList<>();
        for (int n = 0; n < 1_000_000; n++) {
            ReadingBatch readings = new ReadingBatch();
            readings.add(1 + random.nextInt(100), new Timestamp(START + 60L * (n / 10_000), 3600));
            batches.add(new Batch(devices.get(n % devices.size()), readings));
        }
        return batches;
    }

    private record Batch(UUID device, ReadingBatch readings) {
    }

}
