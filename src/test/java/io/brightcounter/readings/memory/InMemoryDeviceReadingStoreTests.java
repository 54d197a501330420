package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.StorageFullException;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InMemoryDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        return InMemoryDeviceReadingStore.unbounded();
    }

    @Test
    void addWhenBatchFitsCapacityExactlyIsAccepted() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(3);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        store.add(OTHER_DEVICE, batch(3, "2021-09-29T16:00:00Z"));
        assertThat(store.storedReadings()).isEqualTo(3);
    }

    @Test
    void addWhenCapacityWouldBeExceededStoresNothingOfTheBatchAndReadsGoOn() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(3);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        assertFull(store, DEVICE, batch(5, "2021-09-29T17:00:00Z", 6, "2021-09-29T18:00:00Z"));
        assertFull(store, OTHER_DEVICE, batch(5, "2021-09-29T17:00:00Z", 6, "2021-09-29T18:00:00Z"));
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(3);
        assertThat(store.totals(OTHER_DEVICE)).isEmpty();
        assertThat(store.storedReadings()).isEqualTo(2);
        store.add(DEVICE, batch(5, "2021-09-29T17:00:00Z"));
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(8);
    }

    @Test
    void duplicatesTakeNoCapacity() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(2);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        store.add(DEVICE, batch(7, "2021-09-29T16:00:00Z", 8, "2021-09-29T17:00:01+01:00", 9, "2021-09-29T16:00:00Z"));
        assertFull(store, DEVICE, batch(7, "2021-09-29T16:00:00Z", 8, "2021-09-29T16:00:02Z"));
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(3);
    }

    @Test
    void overflowIsReportedBeforeCapacity() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(1);
        store.add(DEVICE, batch(Long.MAX_VALUE, "2021-09-29T16:00:00Z"));
        assertThatExceptionOfType(CountOverflowException.class)
            .isThrownBy(() -> store.add(DEVICE, batch(1, "2021-09-29T16:00:01Z")));
    }

    @Test
    void capacityHoldsExactlyUnderConcurrency() throws Exception {
        int capacity = 10_000;
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(capacity);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> accepted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                accepted.add(pool.submit(() -> {
                    start.await();
                    long readings = 0;
                    for (int b = 0; b < 1000; b++) {
                        // Batches of 7 new readings to a shared and an own device.
                        UUID device = (b % 2 == 0) ? DEVICE : UUID.randomUUID();
                        ReadingBatch batch = new ReadingBatch();
                        for (int r = 0; r < 7; r++) {
                            batch.add(1, new Timestamp(
                                    1_600_000_000L + Thread.currentThread().getId() * 10_000_000L + b * 10L + r, 0));
                        }
                        try {
                            store.add(device, batch);
                            readings += 7;
                        }
                        catch (StorageFullException ex) {
                            // Refused whole: any other exception fails the test.
                        }
                    }
                    return readings;
                }));
            }
            start.countDown();
            long total = 0;
            for (Future<Long> future : accepted) {
                total += future.get(60, TimeUnit.SECONDS);
            }
            assertThat(store.storedReadings()).isEqualTo(total)
                .isLessThanOrEqualTo(capacity)
                .isGreaterThan(capacity - 7);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void byDefaultTheStoresStructuresMayTakeHalfTheHeap() {
        assertThat(InMemoryDeviceReadingStore.defaultMaxStoredBytes(1L << 30)).isEqualTo(1L << 29);
    }

    @Test
    void aBatchThatFitsTheBytesExactlyIsAcceptedAndOneByteLessRefusesIt() {
        ReadingBatch readings = batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z");
        InMemoryDeviceReadingStore measure = InMemoryDeviceReadingStore.unbounded();
        measure.add(DEVICE, readings);
        long bytes = measure.storedBytes();
        assertThat(bytes).isPositive();
        InMemoryDeviceReadingStore exact = InMemoryDeviceReadingStore.forTesting(bytes, StorageCapacity.UNLIMITED,
                ReadingJournal.NONE, InstantSet::new);
        exact.add(DEVICE, readings);
        assertThat(exact.storedBytes()).isEqualTo(bytes);
        assertThat(exact.fillRatio()).isEqualTo(1.0);
        InMemoryDeviceReadingStore tight = InMemoryDeviceReadingStore.forTesting(bytes - 1, StorageCapacity.UNLIMITED,
                ReadingJournal.NONE, InstantSet::new);
        assertFull(tight, DEVICE, readings);
        assertThat(tight.totals(DEVICE)).isEmpty();
        assertThat(tight.deviceCount()).isZero();
        assertThat(tight.storedBytes()).isZero();
        assertThat(tight.storedReadings()).isZero();
    }

    @Test
    void bytesAreCountedAsBatchesGoInAndTheLimitHoldsExactlyUnderConcurrency() throws Exception {
        InMemoryDeviceReadingStore measure = InMemoryDeviceReadingStore.unbounded();
        measure.add(DEVICE, batch(1, "2021-09-29T16:00:00Z"));
        long perDevice = measure.storedBytes();
        int fit = 100;
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(fit * perDevice + perDevice / 2,
                StorageCapacity.UNLIMITED, ReadingJournal.NONE, InstantSet::new);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long thread = t;
                accepted.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (int d = 0; d < fit; d++) {
                        try {
                            store.add(new UUID(thread, d), batch(1, "2021-09-29T16:00:00Z"));
                            count++;
                        }
                        catch (StorageFullException ex) {
                            // Refused whole: any other exception fails the test.
                        }
                    }
                    return count;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : accepted) {
                total += future.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(fit);
            assertThat(store.deviceCount()).isEqualTo(fit);
            assertThat(store.storedBytes()).isEqualTo(fit * perDevice);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorWhileApplyingABatchLeavesTheStoreAsBefore() {
        FailingInstantSets sets = new FailingInstantSets();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(StorageCapacity.UNLIMITED, 100,
                ReadingJournal.NONE, sets::create);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        long bytesBefore = store.storedBytes();
        ReadingBatch next = batch(4, "2021-09-29T16:00:02Z", 8, "2021-09-29T16:00:00Z", 16, "2021-09-29T16:00:03Z", 32,
                "2021-09-29T15:00:00Z");
        sets.failAfter(2);
        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> store.add(DEVICE, next));
        assertThat(store.totals(DEVICE).orElseThrow()).satisfies((totals) -> {
            assertThat(totals.cumulativeCount()).isEqualTo(3);
            assertThat(totals.readings()).isEqualTo(2);
            assertThat(totals.earliest().format()).isEqualTo("2021-09-29T16:00:00+0000");
            assertThat(totals.latest().format()).isEqualTo("2021-09-29T16:00:01+0000");
        });
        assertThat(store.storedReadings()).isEqualTo(2);
        // The table grown for the batch is still held, so it is still counted; no more
        // than that.
        InMemoryDeviceReadingStore reference = InMemoryDeviceReadingStore.unbounded();
        reference.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        reference.add(DEVICE, next);
        assertThat(store.storedBytes()).isBetween(bytesBefore, reference.storedBytes());
        // Sent again once the fault is gone, every new reading of the batch counts.
        assertThat(store.add(DEVICE, next).stored()).isEqualTo(3);
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(3 + 4 + 16 + 32);
        assertThat(store.storedReadings()).isEqualTo(5);
        assertThat(store.storedBytes()).isEqualTo(reference.storedBytes());
    }

    @Test
    void anErrorWhileApplyingAFirstBatchLeavesNoDevice() {
        FailingInstantSets sets = new FailingInstantSets();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(StorageCapacity.UNLIMITED, 100,
                ReadingJournal.NONE, sets::create);
        sets.failAfter(1);
        assertThatExceptionOfType(OutOfMemoryError.class)
            .isThrownBy(() -> store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z")));
        assertThat(store.totals(DEVICE)).isEmpty();
        assertThat(store.storedReadings()).isZero();
        assertThat(store.storedBytes()).isZero();
        assertThat(store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z")).stored())
            .isEqualTo(2);
    }

    @Test
    void twoFirstBatchesOfOneNewDeviceTakeTheRoomOfOne() throws Exception {
        int size = 1000;
        ReadingBatch readings = new ReadingBatch();
        for (int i = 0; i < size; i++) {
            readings.add(1, new Timestamp(1_600_000_000L + 60L * i, 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int trial = 0; trial < 300; trial++) {
                InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(size);
                CountDownLatch start = new CountDownLatch(1);
                Callable<AddResult> send = () -> {
                    start.await();
                    return store.add(DEVICE, readings);
                };
                Future<AddResult> first = pool.submit(send);
                Future<AddResult> second = pool.submit(send);
                start.countDown();
                int stored = first.get(10, TimeUnit.SECONDS).stored() + second.get(10, TimeUnit.SECONDS).stored();
                assertThat(stored).as("trial %d", trial).isEqualTo(size);
                assertThat(store.storedReadings()).isEqualTo(size);
                assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(size);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void duplicatesInFlightTakeNoRoomFromAnotherDevicesExactFit() throws Exception {
        int size = 1000;
        ReadingBatch stored = new ReadingBatch();
        for (int i = 0; i < size; i++) {
            stored.add(1, new Timestamp(1_600_000_000L + 60L * i, 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int trial = 0; trial < 20; trial++) {
                long deviceBits = trial;
                InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(2 * size);
                store.add(DEVICE, stored);
                CountDownLatch start = new CountDownLatch(1);
                AtomicBoolean done = new AtomicBoolean();
                Future<?> resender = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100_000 && !done.get(); i++) {
                        assertThat(store.add(DEVICE, stored).duplicates()).isEqualTo(size);
                    }
                    return null;
                });
                Future<Integer> filler = pool.submit(() -> {
                    start.await();
                    int accepted = 0;
                    try {
                        for (int i = 0; i < size; i++) {
                            try {
                                store.add(new UUID(deviceBits, i), batch(1, "2021-09-29T16:00:00Z"));
                                accepted++;
                            }
                            catch (StorageFullException ex) {
                                // Refused whole: any other exception fails the test.
                            }
                        }
                    }
                    finally {
                        done.set(true);
                    }
                    return accepted;
                });
                start.countDown();
                resender.get(60, TimeUnit.SECONDS);
                assertThat(filler.get(60, TimeUnit.SECONDS)).as("trial %d", trial).isEqualTo(size);
                assertThat(store.storedReadings()).isEqualTo(2 * size);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theJournalGetsOnlyTheNewReadingsAndTheBatchItselfWhenAllAreNew() {
        List<ReadingBatch> journaled = new ArrayList<>();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(100,
                (device, readings) -> journaled.add(readings));
        ReadingBatch first = batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z");
        store.add(DEVICE, first);
        store.add(DEVICE, batch(4, "2021-09-29T16:00:00Z", 8, "2021-09-29T17:00:02+01:00", 16, "2021-09-29T16:00:02Z"));
        store.add(DEVICE, batch(32, "2021-09-29T16:00:01Z"));
        assertThat(journaled).hasSize(2);
        assertThat(journaled.get(0)).isSameAs(first);
        assertThat(journaled.get(1).size()).isOne();
        assertThat(journaled.get(1).count(0)).isEqualTo(8);
        assertThat(journaled.get(1).offsetSeconds(0)).isEqualTo(3600);
    }

    @Test
    void aBatchTheJournalRefusesIsNotStoredAndTakesNoRoom() {
        AtomicBoolean diskFull = new AtomicBoolean();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(3, (device, readings) -> {
            if (diskFull.get()) {
                throw new IOException("No space left on device");
            }
        });
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z"));
        diskFull.set(true);
        assertThatExceptionOfType(StoreUnavailableException.class)
            .isThrownBy(() -> store.add(DEVICE, batch(2, "2021-09-29T16:00:01Z", 4, "2021-09-29T16:00:02Z")))
            .satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreUnavailableException.Kind.JOURNAL));
        assertThatExceptionOfType(StoreUnavailableException.class)
            .isThrownBy(() -> store.add(OTHER_DEVICE, batch(2, "2021-09-29T16:00:01Z")))
            .satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreUnavailableException.Kind.JOURNAL));
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(1);
        assertThat(store.totals(OTHER_DEVICE)).isEmpty();
        assertThat(store.deviceCount()).isOne();
        assertThat(store.storedReadings()).isOne();
        diskFull.set(false);
        assertThat(store.add(DEVICE, batch(2, "2021-09-29T16:00:01Z", 4, "2021-09-29T16:00:02Z")).stored())
            .isEqualTo(2);
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(7);
    }

    @Test
    void aBatchWaitingBehindAFailingFirstBatchGoesToTheDevicesNewState() throws Exception {
        CountDownLatch firstInJournal = new CountDownLatch(1);
        CountDownLatch failFirst = new CountDownLatch(1);
        AtomicInteger appends = new AtomicInteger();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(10, (device, readings) -> {
            if (appends.getAndIncrement() == 0) {
                firstInJournal.countDown();
                try {
                    failFirst.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("injected");
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<AddResult> first = pool.submit(() -> store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z")));
            assertThat(firstInJournal.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch secondStarted = new CountDownLatch(1);
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<AddResult> second = pool.submit(() -> {
                secondThread.set(Thread.currentThread());
                secondStarted.countDown();
                return store.add(DEVICE, batch(2, "2021-09-29T16:00:00Z", 4, "2021-09-29T16:00:01Z"));
            });
            assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 1000 && secondThread.get().getState() != Thread.State.BLOCKED; i++) {
                Thread.sleep(5);
            }
            assertThat(secondThread.get().getState()).isEqualTo(Thread.State.BLOCKED);
            failFirst.countDown();
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                .havingCause()
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        (ex) -> assertThat(ex.kind()).isEqualTo(StoreUnavailableException.Kind.JOURNAL));
            assertThat(second.get(10, TimeUnit.SECONDS).stored()).isEqualTo(2);
            assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(6);
            assertThat(store.deviceCount()).isOne();
            assertThat(store.storedReadings()).isEqualTo(2);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorFromTheJournalLeavesTheStoreAsBefore() {
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(3, (device, readings) -> {
            throw new OutOfMemoryError("injected");
        });
        assertThatExceptionOfType(OutOfMemoryError.class)
            .isThrownBy(() -> store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z")));
        assertThat(store.totals(DEVICE)).isEmpty();
        assertThat(store.deviceCount()).isZero();
        assertThat(store.storedReadings()).isZero();
    }

    @Test
    void anErrorWhileApplyingToABitmapLeavesTheStoreAsBefore() {
        FailingInstantSets sets = new FailingInstantSets();
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.forTesting(StorageCapacity.UNLIMITED, 100_000,
                ReadingJournal.NONE, sets::create);
        ReadingBatch dense = new ReadingBatch();
        for (int i = 0; i < 1000; i++) {
            dense.add(1, new Timestamp(1_600_000_000L + 60L * i, 0));
        }
        store.add(DEVICE, dense);
        long bytesBefore = store.storedBytes();
        ReadingBatch more = new ReadingBatch();
        for (int i = 1000; i < 2000; i++) {
            more.add(1, new Timestamp(1_600_000_000L + 60L * i, 0));
        }
        sets.failAfter(500);
        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> store.add(DEVICE, more));
        assertThat(store.totals(DEVICE).orElseThrow().readings()).isEqualTo(1000);
        assertThat(store.storedReadings()).isEqualTo(1000);
        assertThat(store.storedBytes()).isEqualTo(bytesBefore);
        assertThat(store.add(DEVICE, more).stored()).isEqualTo(1000);
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(2000);
    }

    private static void assertFull(InMemoryDeviceReadingStore store, UUID device, ReadingBatch readings) {
        assertThatExceptionOfType(StorageFullException.class).isThrownBy(() -> store.add(device, readings));
    }

    /**
     * Instant sets that throw as if the heap ran out, once, after a number of instants
     * added.
     */
    private static final class FailingInstantSets {

        private final AtomicInteger addsBeforeFailure = new AtomicInteger(-1);

        void failAfter(int adds) {
            this.addsBeforeFailure.set(adds);
        }

        InstantSet create() {
            return new InstantSet() {

                @Override
                void add(long epochSecond, long count, int offsetSeconds) {
                    failIfDue();
                    super.add(epochSecond, count, offsetSeconds);
                }

                @Override
                void addRunInstants(ReadingBatch readings, int from, int to) {
                    for (int i = from; i < to; i++) {
                        failIfDue();
                        super.addRunInstants(readings, i, i + 1);
                    }
                }

                private void failIfDue() {
                    if (FailingInstantSets.this.addsBeforeFailure
                        .getAndUpdate((left) -> (left >= 0) ? left - 1 : left) == 0) {
                        throw new OutOfMemoryError("injected");
                    }
                }

            };
        }

    }

}
