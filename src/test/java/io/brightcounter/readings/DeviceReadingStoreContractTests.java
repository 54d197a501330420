package io.brightcounter.readings;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The behaviour every {@link DeviceReadingStore} must have. Each implementation's test
 * class extends this one and says how to make an empty store.
 */
public abstract class DeviceReadingStoreContractTests {

    protected static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    protected static final UUID OTHER_DEVICE = UUID.fromString("1f0e6a41-6c5e-4c4f-9a87-3c1d2b7e8f90");

    protected DeviceReadingStore store;

    /** An empty store. */
    protected abstract DeviceReadingStore createStore();

    @BeforeEach
    void setUpStore() {
        this.store = createStore();
    }

    @Test
    void totalsWhenDeviceUnknownIsEmpty() {
        assertThat(this.store.totals(DEVICE)).isEmpty();
    }

    @Test
    void addSumsCountsAndKeepsTheLatestReadingInItsOwnOffset() {
        this.store.add(DEVICE, batch(9, "2021-09-29T16:09:15+01:00", 14, "2021-09-29T16:08:15+01:00"));
        assertTotals(DEVICE, 23, "2021-09-29T16:09:15+0100");
    }

    @Test
    void addIgnoresReadingsAtAnInstantAlreadyStoredWhateverTheOffset() {
        assertThat(this.store.add(DEVICE, batch(9, "2021-09-29T16:09:15+01:00")).stored()).isOne();
        AddResult again = this.store.add(DEVICE, batch(100, "2021-09-29T15:09:15Z", 200, "2021-09-29T10:09:15-0500"));
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        assertTotals(DEVICE, 9, "2021-09-29T16:09:15+0100");
    }

    @Test
    void addIgnoresDuplicatesWithinOneBatchKeepingTheFirst() {
        AddResult result = this.store.add(DEVICE,
                batch(5, "2021-09-29T15:09:15Z", 7, "2021-09-29T17:09:15+02:00", 1, "2021-09-29T15:09:14Z"));
        assertThat(result.stored()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(1);
        assertTotals(DEVICE, 6, "2021-09-29T15:09:15+0000");
    }

    @Test
    void addInAnyOrderGivesTheSameTotals() {
        this.store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z"));
        this.store.add(DEVICE, batch(2, "2020-01-01T00:00:00Z", 4, "2022-01-01T00:00:00-0300"));
        this.store.add(DEVICE, batch(8, "2021-06-01T00:00:00Z"));
        this.store.add(OTHER_DEVICE, batch(8, "2021-06-01T00:00:00Z"));
        this.store.add(OTHER_DEVICE, batch(4, "2022-01-01T00:00:00-0300", 1, "2021-09-29T16:00:00Z"));
        this.store.add(OTHER_DEVICE, batch(2, "2020-01-01T00:00:00Z"));
        assertTotals(DEVICE, 15, "2022-01-01T00:00:00-0300");
        assertTotals(OTHER_DEVICE, 15, "2022-01-01T00:00:00-0300");
    }

    @Test
    void addKeepsDevicesApart() {
        this.store.add(DEVICE, batch(3, "2021-09-29T16:00:00Z"));
        this.store.add(OTHER_DEVICE, batch(4, "2021-09-29T16:00:00Z"));
        assertTotals(DEVICE, 3, "2021-09-29T16:00:00+0000");
        assertTotals(OTHER_DEVICE, 4, "2021-09-29T16:00:00+0000");
    }

    @Test
    void addAcceptsACumulativeCountOfExactlyLongMaxValue() {
        this.store.add(DEVICE, batch(Long.MAX_VALUE - 1, "2021-09-29T16:00:00Z"));
        this.store.add(DEVICE, batch(1, "2021-09-29T16:00:01Z", Long.MAX_VALUE, "2021-09-29T16:00:00Z"));
        assertTotals(DEVICE, Long.MAX_VALUE, "2021-09-29T16:00:01+0000");
    }

    @Test
    void addWhenCumulativeCountWouldOverflowStoresNothingOfTheBatch() {
        this.store.add(DEVICE, batch(Long.MAX_VALUE - 10, "2021-09-29T16:00:00Z"));
        assertOverflow(DEVICE, batch(5, "2021-09-29T17:00:00Z", 6, "2021-09-29T18:00:00Z"));
        assertTotals(DEVICE, Long.MAX_VALUE - 10, "2021-09-29T16:00:00+0000");
        // The instants of the refused batch were not kept: they count when sent again.
        this.store.add(DEVICE, batch(5, "2021-09-29T17:00:00Z", 5, "2021-09-29T18:00:00Z"));
        assertTotals(DEVICE, Long.MAX_VALUE, "2021-09-29T18:00:00+0000");
    }

    @Test
    void addWhenFirstBatchOverflowsLeavesNoDevice() {
        assertOverflow(DEVICE, batch(Long.MAX_VALUE, "2021-09-29T16:00:00Z", 1, "2021-09-29T16:00:01Z"));
        assertThat(this.store.totals(DEVICE)).isEmpty();
    }

    @Test
    void addFromManyThreadsCountsEveryDistinctReadingExactlyOnce() throws Exception {
        int threads = 8;
        int batchesPerThread = 200;
        int batchSize = 25;
        List<UUID> devices = List.of(DEVICE, OTHER_DEVICE, UUID.fromString("8d7f3a2c-1b4e-4f6a-8c9d-0e1f2a3b4c5d"));
        // Every thread sends the same instants in its own shuffled order: instant i,
        // count i + 1.
        int instants = batchesPerThread * batchSize / 2;
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread * batchSize; b++) {
                        order.add(b % instants);
                    }
                    Collections.shuffle(order, new Random(seed));
                    start.await();
                    for (int b = 0; b < batchesPerThread; b++) {
                        ReadingBatch readings = new ReadingBatch();
                        for (int r = 0; r < batchSize; r++) {
                            int i = order.get(b * batchSize + r);
                            readings.add(i + 1, new Timestamp(base + 60L * i, 3600 * (i % 5)));
                        }
                        for (int d = 0; d < devices.size(); d++) {
                            this.store.add(devices.get((int) ((seed + b + d) % devices.size())), readings);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        long expectedSum = (long) instants * (instants + 1) / 2;
        long latest = base + 60L * (instants - 1);
        for (UUID device : devices) {
            DeviceTotals totals = this.store.totals(device).orElseThrow();
            assertThat(totals.cumulativeCount()).isEqualTo(expectedSum);
            assertThat(totals.latest().epochSecond()).isEqualTo(latest);
            assertThat(totals.latest().offsetSeconds()).isEqualTo(3600 * ((instants - 1) % 5));
        }
    }

    @Test
    void readersNeverSeePartOfABatch() throws Exception {
        // Each batch adds 1,000 readings of count 1: any total not a multiple of 1,000 is
        // a torn read.
        int batches = 200;
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int b = 0; b < batches; b++) {
                    ReadingBatch readings = new ReadingBatch();
                    for (int r = 0; r < 1000; r++) {
                        readings.add(1, new Timestamp(base + b * 1000L + r, 0));
                    }
                    this.store.add(DEVICE, readings);
                }
                return null;
            });
            Future<Long> reader = pool.submit(() -> {
                start.await();
                long reads = 0;
                while (!writer.isDone()) {
                    Optional<DeviceTotals> totals = this.store.totals(DEVICE);
                    if (totals.isPresent()) {
                        long count = totals.get().cumulativeCount();
                        assertThat(count % 1000).as("cumulative count %d", count).isZero();
                        assertThat(totals.get().latest().epochSecond()).isEqualTo(base + count - 1);
                        reads++;
                    }
                }
                return reads;
            });
            start.countDown();
            writer.get(60, TimeUnit.SECONDS);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        }
        finally {
            pool.shutdownNow();
        }
        assertTotals(DEVICE, batches * 1000L,
                OffsetDateTime.parse("2021-01-01T00:00:00Z")
                    .plusSeconds(batches * 1000L - 1)
                    .toString()
                    .replace("Z", "+0000"));
    }

    @Test
    void totalsOfManyDevicesHasEachKnownDeviceOnly() {
        this.store.add(DEVICE, batch(9, "2021-09-29T16:09:15+01:00", 14, "2021-09-29T16:08:15+01:00"));
        this.store.add(OTHER_DEVICE, batch(3, "2021-09-29T16:00:00Z"));
        UUID unknown = UUID.fromString("8d7f3a2c-1b4e-4f6a-8c9d-0e1f2a3b4c5d");
        java.util.Map<UUID, DeviceTotals> found = this.store.totals(List.of(unknown, DEVICE, OTHER_DEVICE));
        assertThat(found).containsOnlyKeys(DEVICE, OTHER_DEVICE);
        assertThat(found.get(DEVICE)).isEqualTo(this.store.totals(DEVICE).orElseThrow());
        assertThat(found.get(DEVICE).earliest().format()).isEqualTo("2021-09-29T16:08:15+0100");
        assertThat(found.get(OTHER_DEVICE)).isEqualTo(new DeviceTotals(3, 1, 1632931200L, 0, 1632931200L, 0));
        assertThat(this.store.totals(List.of(unknown))).isEmpty();
        assertThat(this.store.totals(List.of())).isEmpty();
        assertThat(this.store.totals(unknown)).isEmpty();
    }

    /**
     * Four writers store batches for one device while readers take its totals, one at a
     * time and in a list. Writer {@code w}'s batches each hold 10 readings of count
     * 1000^w, five after and five before every earlier batch of any writer: the sum then
     * spells out in base 1000 how many batches of each writer are in, and from that alone
     * follow the readings count, the latest and the earliest reading with their offsets.
     * Part of a batch, or figures of two different states, cannot satisfy all of them.
     */
    @Test
    void summaryReadDuringFourWritersNeverShowsPartOfABatch() throws Exception {
        int writers = 4;
        int batches = summaryBatchesPerWriter();
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        CountDownLatch start = new CountDownLatch(1);
        // Writers keep pace with the reader, so that reads interleave with writes even on
        // a busy machine.
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writing.add(pool.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    for (int b = 0; b < batches; b++) {
                        while (reads.get() < b) {
                            assertThat(System.nanoTime()).as("reader keeping up").isLessThan(deadline);
                            Thread.yield();
                        }
                        ReadingBatch readings = new ReadingBatch();
                        int step = b * writers + writer;
                        for (int r = 0; r < 5; r++) {
                            long distance = 5L * step + r + 1;
                            readings.add(pow1000(writer), new Timestamp(base + distance, offsetOf(step)));
                            readings.add(pow1000(writer), new Timestamp(base - distance, -offsetOf(step)));
                        }
                        this.store.add(DEVICE, readings);
                    }
                    return null;
                }));
            }
            Future<?> reading = pool.submit(() -> {
                start.await();
                while (!writing.stream().allMatch(Future::isDone)) {
                    Optional<DeviceTotals> one = this.store.totals(DEVICE);
                    DeviceTotals inList = this.store.totals(List.of(OTHER_DEVICE, DEVICE)).get(DEVICE);
                    for (DeviceTotals totals : java.util.Arrays.asList(one.orElse(null), inList)) {
                        if (totals != null) {
                            assertWholeBatches(totals, writers, base);
                        }
                    }
                    reads.incrementAndGet();
                }
                return null;
            });
            start.countDown();
            for (Future<?> writer : writing) {
                writer.get(60, TimeUnit.SECONDS);
            }
            reading.get(60, TimeUnit.SECONDS);
            assertThat(reads.get()).as("reads during the writes").isGreaterThanOrEqualTo(batches - 1);
        }
        finally {
            pool.shutdownNow();
        }
        DeviceTotals last = this.store.totals(DEVICE).orElseThrow();
        assertWholeBatches(last, writers, base);
        assertThat(last.readings()).isEqualTo(10L * writers * batches);
    }

    /** How many batches each writer of the torn-read test stores. */
    protected int summaryBatchesPerWriter() {
        return 300;
    }

    private static void assertWholeBatches(DeviceTotals totals, int writers, long base) {
        long sum = totals.cumulativeCount();
        int lastStep = -1;
        long batches = 0;
        for (int w = 0; w < writers; w++) {
            // Each batch adds 10 * 1000^w: the base-1000 digit w of sum / 10 is writer
            // w's batches.
            int stored = (int) ((sum / 10 / pow1000(w)) % 1000);
            batches += stored;
            if (stored > 0) {
                lastStep = Math.max(lastStep, (stored - 1) * writers + w);
            }
        }
        assertThat(sum % 10).as("sum %d", sum).isZero();
        assertThat(lastStep).as("sum %d", sum).isNotNegative();
        long distance = 5L * lastStep + 5;
        assertThat(totals).as("sum %d", sum)
            .isEqualTo(new DeviceTotals(sum, 10 * batches, base + distance, offsetOf(lastStep), base - distance,
                    -offsetOf(lastStep)));
    }

    private static long pow1000(int exponent) {
        long power = 1;
        for (int i = 0; i < exponent; i++) {
            power *= 1000;
        }
        return power;
    }

    /**
     * A different offset for neighbouring batches, so that a latest instant with another
     * batch's offset shows.
     */
    private static int offsetOf(int step) {
        return 900 * (step % 40);
    }

    @Test
    void addAgreesWithAReferenceModelAfterEveryBatch() {
        Random random = new Random(20210929);
        List<UUID> devices = List.of(DEVICE, OTHER_DEVICE, UUID.fromString("8d7f3a2c-1b4e-4f6a-8c9d-0e1f2a3b4c5d"));
        Map<UUID, Map<Long, Timestamp>> stored = new HashMap<>();
        Map<UUID, Long> sums = new HashMap<>();
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        int overflows = 0;
        for (int step = 0; step < modelSteps(); step++) {
            UUID device = devices.get(random.nextInt(devices.size()));
            ReadingBatch readings = new ReadingBatch();
            int size = 1 + random.nextInt(20);
            for (int r = 0; r < size; r++) {
                // A small pool of instants makes duplicates within and across batches
                // common.
                long instant = base + 3600L * random.nextInt(200) - 1800L * random.nextInt(2);
                int offset = 900 * (random.nextInt(97) - 48);
                long count = (random.nextInt(50) == 0) ? Long.MAX_VALUE / 3 : 1 + random.nextInt(1000);
                readings.add(count, new Timestamp(instant, offset));
            }
            // The model: first reading per instant wins; a batch that overflows changes
            // nothing.
            Map<Long, Timestamp> modelReadings = new HashMap<>(stored.getOrDefault(device, Map.of()));
            Map<Long, Long> counts = new HashMap<>();
            long sum = sums.getOrDefault(device, 0L);
            boolean overflow = false;
            for (int r = 0; r < readings.size(); r++) {
                long instant = readings.epochSecond(r);
                if (!modelReadings.containsKey(instant)) {
                    modelReadings.put(instant, new Timestamp(instant, readings.offsetSeconds(r)));
                    counts.put(instant, readings.count(r));
                    overflow |= sum > Long.MAX_VALUE - readings.count(r);
                    sum += readings.count(r);
                }
            }
            if (overflow) {
                assertOverflow(device, readings);
                overflows++;
            }
            else {
                this.store.add(device, readings);
                stored.put(device, modelReadings);
                sums.put(device, sum);
            }
            for (UUID each : devices) {
                Optional<DeviceTotals> totals = this.store.totals(each);
                if (!stored.containsKey(each)) {
                    assertThat(totals).as("step %d", step).isEmpty();
                    continue;
                }
                Timestamp latest = Collections.max(stored.get(each).values(),
                        Comparator.comparingLong(Timestamp::epochSecond));
                Timestamp earliest = Collections.min(stored.get(each).values(),
                        Comparator.comparingLong(Timestamp::epochSecond));
                assertThat(totals).as("step %d", step)
                    .contains(new DeviceTotals(sums.get(each), stored.get(each).size(), latest.epochSecond(),
                            latest.offsetSeconds(), earliest.epochSecond(), earliest.offsetSeconds()));
            }
        }
        assertThat(overflows).as("refused batches").isPositive();
    }

    /** How many random batches the model-based test applies. */
    protected int modelSteps() {
        return 2000;
    }

    @Test
    void addCountsDuplicatesWhoseCountDiffersFromTheStoredReading() {
        this.store.add(DEVICE, batch(5, "2021-09-29T16:00:00Z", 6, "2021-09-29T16:01:00Z"));
        AddResult result = this.store.add(DEVICE, batch(5, "2021-09-29T16:00:00Z", 9, "2021-09-29T17:01:00+01:00", 7,
                "2021-09-29T16:02:00Z", 8, "2021-09-29T16:02:00Z"));
        // 16:00 repeats its count; 16:01 comes back with 9 instead of 6; 16:02 twice in
        // the batch, 7 then 8.
        assertThat(result).isEqualTo(new AddResult(1, 3, 2));
        assertThat(this.store.add(DEVICE, batch(1, "2021-09-29T16:00:00Z"))).isEqualTo(new AddResult(0, 1, 1));
    }

    @Test
    void historyListsEachReadingWithItsOwnCountAndOffsetInInstantOrder() {
        this.store.add(DEVICE, batch(9, "2021-09-29T16:09:15+01:00", 14, "2021-09-29T16:08:15+01:00"));
        this.store.add(DEVICE, batch(300, "2021-09-29T15:08:15Z", 70_000, "2021-09-29T10:00:00-0500", 5_000_000_000L,
                "2021-09-29T15:30:00Z"));
        ReadingPage page = this.store.readings(DEVICE, Long.MIN_VALUE, Long.MAX_VALUE, 10).orElseThrow();
        assertThat(page.readings()).extracting((reading) -> reading.timestamp().format() + " " + reading.count())
            .containsExactly("2021-09-29T10:00:00-0500 70000", "2021-09-29T16:08:15+0100 14",
                    "2021-09-29T16:09:15+0100 9", "2021-09-29T15:30:00+0000 5000000000");
        assertThat(page.next()).isNull();
    }

    @Test
    void historyPagesByLimitAndRangeFromInclusiveToExclusive() {
        ReadingBatch readings = new ReadingBatch();
        long base = OffsetDateTime.parse("2021-09-29T16:00:00Z").toEpochSecond();
        for (int i = 0; i < 50; i++) {
            readings.add(i + 1, new Timestamp(base + 60L * i, 0));
        }
        this.store.add(DEVICE, readings);
        ReadingPage page = this.store.readings(DEVICE, base + 60, base + 60 * 10, 3).orElseThrow();
        assertThat(page.readings()).extracting(StoredReading::count).containsExactly(2L, 3L, 4L);
        assertThat(page.next()).isEqualTo(new StoredReading(base + 240, 0, 5));
        ReadingPage rest = this.store.readings(DEVICE, base + 240, base + 60 * 10, 10).orElseThrow();
        assertThat(rest.readings()).extracting(StoredReading::count).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(rest.next()).isNull();
        assertThat(this.store.readings(DEVICE, base + 1, base + 60, 10).orElseThrow().readings()).isEmpty();
        assertThat(this.store.readings(OTHER_DEVICE, Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void seriesListsEveryBucketWithItsSumAndReadingsCutAtTheEnd() {
        long base = OffsetDateTime.parse("2021-09-29T16:00:00Z").toEpochSecond();
        this.store.add(DEVICE, batch(14, "2021-09-29T16:08:15+01:00", 9, "2021-09-29T15:09:15Z", 5,
                "2021-09-29T16:59:59Z", 100, "2021-09-29T17:00:00Z", 1000, "2021-09-29T18:30:00Z"));
        Series series = this.store.series(DEVICE, base - 3600, base + 2 * 3600 + 1800, 3600, 4).orElseThrow();
        assertThat(series.sums()).containsExactly(23, 5, 100, 0);
        assertThat(series.readings()).containsExactly(2, 1, 1, 0);
        assertThat(this.store.series(OTHER_DEVICE, base, base + 60, 60, 1)).isEmpty();
    }

    @Test
    void deleteRemovesTheDeviceAsIfNeverSeen() {
        this.store.add(DEVICE, batch(9, "2021-09-29T16:09:15+01:00", 14, "2021-09-29T16:08:15+01:00"));
        this.store.add(OTHER_DEVICE, batch(3, "2021-09-29T16:09:15+01:00"));
        assertThat(this.store.delete(DEVICE)).hasValue(2);
        assertThat(this.store.totals(DEVICE)).isEmpty();
        assertThat(this.store.readings(DEVICE, Long.MIN_VALUE, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(this.store.delete(DEVICE)).isEmpty();
        assertThat(this.store.add(DEVICE, batch(4, "2021-09-29T16:09:15+01:00"))).isEqualTo(new AddResult(1, 0, 0));
        assertTotals(DEVICE, 4, "2021-09-29T16:09:15+0100");
        assertTotals(OTHER_DEVICE, 3, "2021-09-29T16:09:15+0100");
    }

    /**
     * Random batches (duplicates with other counts among them) and deletions, checked
     * after each step against a sorted map per device: history, series, totals,
     * conflicts.
     */
    @Test
    void historyAndSeriesAgreeWithAReferenceModelThroughAddsAndDeletes() {
        Random random = new Random(20261204);
        List<UUID> devices = List.of(DEVICE, OTHER_DEVICE);
        Map<UUID, java.util.TreeMap<Long, StoredReading>> model = new HashMap<>();
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        for (int step = 0; step < modelSteps() / 4; step++) {
            UUID device = devices.get(random.nextInt(devices.size()));
            java.util.TreeMap<Long, StoredReading> held = model.computeIfAbsent(device,
                    (id) -> new java.util.TreeMap<>());
            if (random.nextInt(15) == 0) {
                java.util.OptionalLong deleted = this.store.delete(device);
                assertThat(deleted.isPresent() ? deleted.getAsLong() : 0).isEqualTo(held.size());
                held.clear();
                continue;
            }
            ReadingBatch readings = new ReadingBatch();
            int conflicts = 0;
            java.util.TreeMap<Long, StoredReading> after = new java.util.TreeMap<>(held);
            for (int r = 0; r < 1 + random.nextInt(30); r++) {
                long instant = base + 60L * random.nextInt(5000);
                int offset = 3600 * (random.nextInt(5) - 2);
                long count = (random.nextInt(20) == 0) ? 1_000_000_007L : 1 + random.nextInt(300);
                readings.add(count, new Timestamp(instant, offset));
                StoredReading first = after.putIfAbsent(instant, new StoredReading(instant, offset, count));
                conflicts += (first != null && first.count() != count) ? 1 : 0;
            }
            assertThat(this.store.add(device, readings).conflicts()).as("step %d", step).isEqualTo(conflicts);
            held.putAll(after);
            long from = base + 60L * random.nextInt(5000) - 30;
            long to = from + 1 + random.nextInt(400_000);
            int limit = 1 + random.nextInt(100);
            ReadingPage page = this.store.readings(device, from, to, limit).orElseThrow();
            List<StoredReading> expected = new ArrayList<>(held.subMap(from, to).values());
            assertThat(page.readings()).as("step %d", step)
                .containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())));
            assertThat(page.next()).isEqualTo((expected.size() > limit) ? expected.get(limit) : null);
            long stepSeconds = 1 + random.nextInt(50_000);
            int buckets = (int) ((to - from + stepSeconds - 1) / stepSeconds);
            Series series = this.store.series(device, from, to, stepSeconds, buckets).orElseThrow();
            long[] sums = new long[buckets];
            long[] counts = new long[buckets];
            for (StoredReading reading : expected) {
                int bucket = (int) ((reading.epochSecond() - from) / stepSeconds);
                sums[bucket] += reading.count();
                counts[bucket]++;
            }
            assertThat(series.sums()).as("step %d", step).containsExactly(sums);
            assertThat(series.readings()).as("step %d", step).containsExactly(counts);
            assertThat(this.store.totals(device).orElseThrow().readings()).isEqualTo(held.size());
        }
    }

    /**
     * Writers add batches of fresh instants to one device while it is deleted again and
     * again: every state a reader sees, and the last, is whole (its totals agree with its
     * history), and every reading acknowledged after the last deletion is there.
     */
    @Test
    void deletesAreLinearizableWithCreatesOfTheDevice() throws Exception {
        long base = OffsetDateTime.parse("2021-01-01T00:00:00Z").toEpochSecond();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < 200; b++) {
                        ReadingBatch readings = new ReadingBatch();
                        long first = next.getAndAdd(5);
                        for (int r = 0; r < 5; r++) {
                            readings.add(2, new Timestamp(base + first + r, 0));
                        }
                        assertThat(this.store.add(DEVICE, readings).stored()).isEqualTo(5);
                    }
                    return null;
                }));
            }
            Future<?> deleter = pool.submit(() -> {
                while (!writers.stream().allMatch(Future::isDone)) {
                    this.store.delete(DEVICE).ifPresent((deleted) -> assertThat(deleted % 5).isZero());
                    this.store.totals(DEVICE)
                        .ifPresent((totals) -> assertThat(totals.cumulativeCount()).isEqualTo(2 * totals.readings()));
                }
                return null;
            });
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            deleter.get(60, TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }
        this.store.add(DEVICE, batch(2, "1999-01-01T00:00:00Z"));
        DeviceTotals totals = this.store.totals(DEVICE).orElseThrow();
        ReadingPage all = this.store.readings(DEVICE, Long.MIN_VALUE, Long.MAX_VALUE, 10_000).orElseThrow();
        assertThat(all.readings()).hasSize((int) totals.readings());
        assertThat(totals.cumulativeCount()).isEqualTo(2 * totals.readings());
    }

    protected void assertTotals(UUID device, long cumulativeCount, String latest) {
        DeviceTotals totals = this.store.totals(device).orElseThrow();
        assertThat(totals.cumulativeCount()).isEqualTo(cumulativeCount);
        assertThat(totals.latest().format()).isEqualTo(latest);
    }

    private void assertOverflow(UUID device, ReadingBatch readings) {
        assertThatExceptionOfType(CountOverflowException.class).isThrownBy(() -> this.store.add(device, readings));
    }

    /** A batch from alternating counts and timestamps. */
    protected static ReadingBatch batch(Object... countsAndTimestamps) {
        ReadingBatch readings = new ReadingBatch();
        for (int i = 0; i < countsAndTimestamps.length; i += 2) {
            long count = ((Number) countsAndTimestamps[i]).longValue();
            readings.add(count, Timestamp.parseOrNull((String) countsAndTimestamps[i + 1]));
        }
        return readings;
    }

}
