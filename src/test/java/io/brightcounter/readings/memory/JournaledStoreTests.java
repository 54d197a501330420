package io.brightcounter.readings.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.StorageFullException;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.FlushListener;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.JournalFileSystem;
import io.brightcounter.readings.memory.journal.JournalMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store with its journal, restarted: what comes back equals what was there, checked
 * against a reference model of the contract's rules (first reading of an instant wins,
 * duplicates add nothing, a refused batch stores nothing).
 */
class JournaledStoreTests {

    private static final long CAPACITY = 12_000;

    @TempDir
    Path dir;

    private final Set<UUID> devices = new LinkedHashSet<>();

    /** How the restart comes: a graceful stop snapshots first, a crash does not. */
    enum Restart {

        GRACEFUL, SNAPSHOT_THEN_MORE_SEGMENTS, NO_SNAPSHOT

    }

    @ParameterizedTest
    @ValueSource(strings = { "GRACEFUL", "SNAPSHOT_THEN_MORE_SEGMENTS", "NO_SNAPSHOT" })
    void restartRebuildsExactlyTheStateOfARandomWorkload(Restart restart) throws IOException {
        Model model = new Model();
        Random random = new Random(restart.ordinal() + 11);
        Map<UUID, DeviceTotals> before;
        int refusals = 0;
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            InMemoryDeviceReadingStore store = recoverStore(journal, CAPACITY);
            for (int i = 0; i < 1_500; i++) {
                if (restart == Restart.SNAPSHOT_THEN_MORE_SEGMENTS && i == 700) {
                    int[] acceptedDuringSnapshot = new int[1];
                    journal.snapshot((output) -> {
                        // Writes while the snapshot is taken: in the new segment and in
                        // the snapshot both.
                        for (int w = 0; w < 100; w++) {
                            acceptedDuringSnapshot[0] += applyRandomBatch(store, model, random) ? 1 : 0;
                        }
                        store.writeSnapshot(output);
                    });
                    assertThat(acceptedDuringSnapshot[0]).isGreaterThan(50);
                }
                refusals += applyRandomBatch(store, model, random) ? 0 : 1;
            }
            before = totalsOf(store);
            assertThat(before).isEqualTo(model.totals());
            if (restart == Restart.GRACEFUL) {
                journal.snapshot(store::writeSnapshot);
            }
        }
        assertThat(refusals).as("the workload hits both refusals").isGreaterThan(10);
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            InMemoryDeviceReadingStore restarted = recoverStore(journal, CAPACITY);
            assertThat(totalsOf(restarted)).isEqualTo(before);
            assertThat(restarted.storedReadings()).isEqualTo(model.stored());
            for (Map.Entry<UUID, Map<Long, long[]>> device : model.readings.entrySet()) {
                ReadingBatch again = new ReadingBatch();
                device.getValue().forEach((instant, reading) -> again.add(1, new Timestamp(instant, 0)));
                assertThat(restarted.add(device.getKey(), again).stored()).as("readings sent again are duplicates")
                    .isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "GRACEFUL", "SNAPSHOT_THEN_MORE_SEGMENTS", "NO_SNAPSHOT" })
    void aDeletionIsReplayedInItsPlaceAmongTheDevicesBatches(Restart restart) throws IOException {
        UUID deleted = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID deletedThenSentAgain = UUID.randomUUID();
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            InMemoryDeviceReadingStore store = recoverStore(journal, CAPACITY);
            for (UUID device : List.of(deleted, kept, deletedThenSentAgain)) {
                store.add(device, batch(1_000, 7, 1_060, 8));
            }
            if (restart == Restart.SNAPSHOT_THEN_MORE_SEGMENTS) {
                journal.snapshot(store::writeSnapshot);
            }
            assertThat(store.delete(deleted)).hasValue(2);
            assertThat(store.delete(deletedThenSentAgain)).hasValue(2);
            // Sent again after its deletion: only this batch is the device now, its
            // first reading again new.
            assertThat(store.add(deletedThenSentAgain, batch(1_000, 5, 2_000, 4)).stored()).isEqualTo(2);
            if (restart == Restart.GRACEFUL) {
                journal.snapshot(store::writeSnapshot);
            }
        }
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            InMemoryDeviceReadingStore restarted = recoverStore(journal, CAPACITY);
            assertThat(restarted.totals(deleted)).isEmpty();
            assertThat(restarted.totals(kept)).hasValueSatisfying((t) -> assertThat(t.cumulativeCount()).isEqualTo(15));
            assertThat(restarted.totals(deletedThenSentAgain))
                .hasValueSatisfying((t) -> assertThat(t.cumulativeCount()).isEqualTo(9));
            assertThat(restarted.storedReadings()).isEqualTo(4);
        }
    }

    private static ReadingBatch batch(long firstInstant, long firstCount, long secondInstant, long secondCount) {
        ReadingBatch batch = new ReadingBatch();
        batch.add(firstCount, new Timestamp(firstInstant, 0));
        batch.add(secondCount, new Timestamp(secondInstant, 0));
        return batch;
    }

    @Test
    void aSnapshotTakenWhileFourWritersRunRecoversTheirFinalState() throws Exception {
        Map<UUID, DeviceTotals> before;
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            InMemoryDeviceReadingStore store = recoverStore(journal, Long.MAX_VALUE);
            List<UUID> shared = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                shared.add(UUID.randomUUID());
            }
            this.devices.addAll(shared);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Random random = new Random(w);
                done.add(writers.submit(() -> {
                    int batches = 0;
                    while (running.get() || batches < 200) {
                        ReadingBatch batch = new ReadingBatch();
                        for (int r = 0; r < 20; r++) {
                            batch.add(1 + random.nextInt(9), new Timestamp(
                                    1_600_000_000L + random.nextInt(20_000) * 60L, 900 * (random.nextInt(9) - 4)));
                        }
                        store.add(shared.get(random.nextInt(shared.size())), batch);
                        batches++;
                    }
                    return batches;
                }));
            }
            for (int s = 0; s < 3; s++) {
                Thread.sleep(50);
                journal.snapshot(store::writeSnapshot);
            }
            running.set(false);
            for (Future<Integer> writer : done) {
                assertThat(writer.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(200);
            }
            writers.shutdown();
            before = totalsOf(store);
        }
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.WRITE)) {
            assertThat(totalsOf(recoverStore(journal, Long.MAX_VALUE))).isEqualTo(before);
        }
    }

    @Test
    void recoveryKeepsEveryReadingEvenPastASmallerCapacity() throws IOException {
        UUID device = UUID.randomUUID();
        this.devices.add(device);
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.FSYNC)) {
            InMemoryDeviceReadingStore store = recoverStore(journal, 100);
            ReadingBatch batch = new ReadingBatch();
            for (int i = 0; i < 10; i++) {
                batch.add(1, new Timestamp(1_600_000_000L + i, 0));
            }
            store.add(device, batch);
        }
        try (Journal<JournalBatchCodec.Batch> journal = openJournal(JournalMode.FSYNC)) {
            InMemoryDeviceReadingStore store = recoverStore(journal, 5);
            assertThat(store.storedReadings()).isEqualTo(10);
            assertThat(store.totals(device).orElseThrow().cumulativeCount()).isEqualTo(10);
            ReadingBatch more = new ReadingBatch().add(1, new Timestamp(1_700_000_000L, 0));
            assertThatExceptionOfType(StorageFullException.class).isThrownBy(() -> store.add(device, more));
        }
    }

    @Test
    void aBatchTheJournalRefusesIsNotAppliedAndAnswersServiceUnavailable() throws IOException {
        UUID device = UUID.randomUUID();
        ReadingJournal failing = (id, readings) -> {
            throw new IOException("No space left on device");
        };
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(100, failing);
        ReadingBatch batch = new ReadingBatch().add(5, new Timestamp(1_600_000_000L, 0));
        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.add(device, batch))
            .extracting(StoreUnavailableException::kind)
            .isEqualTo(StoreUnavailableException.Kind.JOURNAL);
        assertThat(store.totals(device)).isEmpty();
        assertThat(store.storedReadings()).isZero();
    }

    /**
     * Applies a random batch to store and model alike; returns whether the store accepted
     * it.
     */
    private boolean applyRandomBatch(InMemoryDeviceReadingStore store, Model model, Random random) {
        UUID device = new UUID(7, random.nextInt(40));
        this.devices.add(device);
        ReadingBatch batch = new ReadingBatch();
        int size = 1 + random.nextInt((random.nextInt(10) == 0) ? 200 : 8);
        for (int i = 0; i < size; i++) {
            // Out of order, often duplicate (few distinct instants), now and then a count
            // near the maximum.
            long instant = 1_600_000_000L
                    + (random.nextBoolean() ? random.nextInt(500) * 60L : random.nextInt(50_000_000));
            long count = (random.nextInt(300) == 0) ? Long.MAX_VALUE / 2 : 1 + random.nextInt(1000);
            int offset = (random.nextInt(10) == 0) ? 60 * (random.nextInt(2161) - 1080) : 900 * (random.nextInt(9) - 4);
            batch.add(count, new Timestamp(instant, offset));
        }
        try {
            store.add(device, batch);
        }
        catch (CountOverflowException | StorageFullException ex) {
            // Refused whole, as the model expects; any other exception fails the test.
            return false;
        }
        model.apply(device, batch);
        return true;
    }

    private Journal<JournalBatchCodec.Batch> openJournal(JournalMode mode) throws IOException {
        return Journal.open(this.dir, mode, false, 1 << 16, JournalFileSystem.DEFAULT, JournalBatchCodec.INSTANCE,
                () -> {
                }, FlushListener.NONE);
    }

    private static InMemoryDeviceReadingStore recoverStore(Journal<JournalBatchCodec.Batch> journal, long capacity)
            throws IOException {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(capacity,
                (id, readings) -> journal.append(new JournalBatchCodec.Batch(id, readings)));
        journal.recover(StoreJournal.replayInto(store));
        return store;
    }

    private Map<UUID, DeviceTotals> totalsOf(InMemoryDeviceReadingStore store) {
        Map<UUID, DeviceTotals> totals = new HashMap<>();
        for (UUID device : this.devices) {
            store.totals(device).ifPresent((t) -> totals.put(device, t));
        }
        return totals;
    }

    /**
     * The contract's rules, written plainly: per device, instant to (offset, count) of
     * the first reading.
     */
    private static final class Model {

        private final Map<UUID, Map<Long, long[]>> readings = new HashMap<>();

        void apply(UUID device, ReadingBatch batch) {
            Map<Long, long[]> stored = this.readings.computeIfAbsent(device, (id) -> new HashMap<>());
            for (int i = 0; i < batch.size(); i++) {
                stored.putIfAbsent(batch.epochSecond(i), new long[] { batch.offsetSeconds(i), batch.count(i) });
            }
        }

        long stored() {
            return this.readings.values().stream().mapToLong(Map::size).sum();
        }

        Map<UUID, DeviceTotals> totals() {
            Map<UUID, DeviceTotals> totals = new HashMap<>();
            this.readings.forEach((device, stored) -> {
                if (stored.isEmpty()) {
                    return;
                }
                long sum = 0;
                long latest = Long.MIN_VALUE;
                long earliest = Long.MAX_VALUE;
                for (Map.Entry<Long, long[]> reading : stored.entrySet()) {
                    sum += reading.getValue()[1];
                    latest = Math.max(latest, reading.getKey());
                    earliest = Math.min(earliest, reading.getKey());
                }
                totals.put(device, new DeviceTotals(sum, stored.size(), latest, (int) stored.get(latest)[0], earliest,
                        (int) stored.get(earliest)[0]));
            });
            return totals;
        }

    }

}
