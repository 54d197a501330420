package io.brightcounter.readings.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceReadingStoreContractTests;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.system.ApiError;
import io.brightcounter.system.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InMemoryDeviceReadingStoreTests extends DeviceReadingStoreContractTests {

    @Override
    protected DeviceReadingStore createStore() {
        return new InMemoryDeviceReadingStore();
    }

    @Test
    void addWhenBatchFitsCapacityExactlyIsAccepted() {
        InMemoryDeviceReadingStore store = new InMemoryDeviceReadingStore(3);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        store.add(OTHER_DEVICE, batch(3, "2021-09-29T16:00:00Z"));
        assertThat(store.storedReadings()).isEqualTo(3);
    }

    @Test
    void addWhenCapacityWouldBeExceededStoresNothingOfTheBatchAndReadsGoOn() {
        InMemoryDeviceReadingStore store = new InMemoryDeviceReadingStore(3);
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
        InMemoryDeviceReadingStore store = new InMemoryDeviceReadingStore(2);
        store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z", 2, "2021-09-29T16:00:01Z"));
        store.add(DEVICE, batch(7, "2021-09-29T16:00:00Z", 8, "2021-09-29T17:00:01+01:00", 9, "2021-09-29T16:00:00Z"));
        assertFull(store, DEVICE, batch(7, "2021-09-29T16:00:00Z", 8, "2021-09-29T16:00:02Z"));
        assertThat(store.totals(DEVICE).orElseThrow().cumulativeCount()).isEqualTo(3);
    }

    @Test
    void overflowIsReportedBeforeCapacity() {
        InMemoryDeviceReadingStore store = new InMemoryDeviceReadingStore(1);
        store.add(DEVICE, batch(Long.MAX_VALUE, "2021-09-29T16:00:00Z"));
        assertThatExceptionOfType(ApiException.class)
            .isThrownBy(() -> store.add(DEVICE, batch(1, "2021-09-29T16:00:01Z")))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.COUNT_OVERFLOW));
    }

    @Test
    void capacityHoldsExactlyUnderConcurrency() throws Exception {
        int capacity = 10_000;
        InMemoryDeviceReadingStore store = new InMemoryDeviceReadingStore(capacity);
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
                            batch.add(1, new Timestamp(1_600_000_000L + Thread.currentThread().getId() * 10_000_000L
                                    + b * 10L + r, 0));
                        }
                        try {
                            store.add(device, batch);
                            readings += 7;
                        }
                        catch (ApiException ex) {
                            assertThat(ex.error()).isEqualTo(ApiError.STORAGE_FULL);
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
            assertThat(store.storedReadings()).isEqualTo(total).isLessThanOrEqualTo(capacity)
                .isGreaterThan(capacity - 7);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void defaultCapacityKeepsWorstCaseReadingsInHalfTheHeap() {
        long heap = 1L << 30;
        long capacity = InMemoryDeviceReadingStore.defaultCapacity(heap);
        assertThat(capacity * InMemoryDeviceReadingStore.WORST_CASE_BYTES_PER_READING).isLessThanOrEqualTo(heap / 2);
        assertThat(capacity).isGreaterThan(1_000_000);
    }

    private static void assertFull(InMemoryDeviceReadingStore store, UUID device, ReadingBatch readings) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> store.add(device, readings))
            .satisfies((ex) -> assertThat(ex.error()).isEqualTo(ApiError.STORAGE_FULL));
    }

}
