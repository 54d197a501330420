package io.brightcounter.readings.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingPage;
import io.brightcounter.readings.Series;
import io.brightcounter.readings.StoredReading;
import io.brightcounter.readings.memory.journal.FlushListener;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.JournalFileSystem;
import io.brightcounter.readings.memory.journal.JournalMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal directory as the release before reading history left it: a snapshot whose
 * device records hold instants alone (layout {@link StoreSnapshotCodec#SORTED_DELTAS}),
 * then a segment with a batch for one of its devices (one reading at an instant the
 * snapshot holds, with another count, then ten new ones) and a batch for a new device.
 * The files under {@code src/test/resources/snapshot/format-0} were written by that
 * release's own code (its {@code Journal.snapshot} with {@code writeSnapshot}, then
 * {@code Journal.append}); the readings they hold are those built by {@link Format0}.
 *
 * <p>
 * After recovery every total is exact, the snapshot's readings come back with no count of
 * their own (0 here, {@code "count": null} over HTTP) in the offsets the codec's rule
 * gives, the journal's readings with theirs, and series count the countless readings in
 * {@code readings} but not in {@code cumulative_count}.
 */
class SnapshotFormat0Tests {

    @TempDir
    Path dir;

    @Test
    void totalsSurviveAndSnapshotReadingsHaveNoCount() throws IOException {
        InMemoryDeviceReadingStore store = recovered();
        DeviceTotals dense = store.totals(Format0.DENSE).orElseThrow();
        assertThat(dense.readings()).isEqualTo(610);
        assertThat(dense.cumulativeCount()).isEqualTo(Format0.denseSum(0, 610));
        assertThat(dense.earliestEpochSecond()).isEqualTo(Format0.T0);
        assertThat(dense.latestEpochSecond()).isEqualTo(Format0.T0 + 60 * 609);
        ReadingPage page = store.readings(Format0.DENSE, Long.MIN_VALUE, Long.MAX_VALUE, 10_000).orElseThrow();
        assertThat(page.next()).isNull();
        List<StoredReading> readings = page.readings();
        assertThat(readings).hasSize(610);
        for (int i = 0; i < 610; i++) {
            StoredReading reading = readings.get(i);
            assertThat(reading.epochSecond()).isEqualTo(Format0.T0 + 60L * i);
            assertThat(reading.offsetSeconds()).isEqualTo(3600);
            // The re-sent instant keeps the snapshot's reading: still no count.
            assertThat(reading.count()).as("count of reading %d", i).isEqualTo((i < 600) ? 0 : Format0.denseCount(i));
        }
    }

    @Test
    void aSparseDeviceKeepsItsTotalsAndTheOffsetsTheTotalsRecord() throws IOException {
        InMemoryDeviceReadingStore store = recovered();
        DeviceTotals sparse = store.totals(Format0.SPARSE).orElseThrow();
        assertThat(sparse.readings()).isEqualTo(12);
        assertThat(sparse.cumulativeCount()).isEqualTo(LongStream.range(0, 12).map((k) -> 1000 + k).sum());
        assertThat(sparse.earliestOffsetSeconds()).isEqualTo(-18_000);
        assertThat(sparse.latestOffsetSeconds()).isEqualTo(34_200);
        List<StoredReading> readings = store.readings(Format0.SPARSE, Long.MIN_VALUE, Long.MAX_VALUE, 100)
            .orElseThrow()
            .readings();
        assertThat(readings).extracting(StoredReading::epochSecond)
            .containsExactlyElementsOf(LongStream.range(0, 12).map(Format0::sparseInstant).boxed().toList());
        assertThat(readings).extracting(StoredReading::count).containsOnly(0L);
        // The earliest in the offset the totals keep for it, the others in the latest's.
        assertThat(readings).extracting(StoredReading::offsetSeconds)
            .containsExactly(-18_000, 34_200, 34_200, 34_200, 34_200, 34_200, 34_200, 34_200, 34_200, 34_200, 34_200,
                    34_200);
        DeviceTotals single = store.totals(Format0.SINGLE).orElseThrow();
        assertThat(single.cumulativeCount()).isEqualTo(42);
        assertThat(store.readings(Format0.SINGLE, Long.MIN_VALUE, Long.MAX_VALUE, 10).orElseThrow().readings())
            .containsExactly(new StoredReading(Format0.T0, -18_000, 0));
        assertThat(store.totals(Format0.LATER).orElseThrow().cumulativeCount()).isEqualTo(5);
        assertThat(store.readings(Format0.LATER, Long.MIN_VALUE, Long.MAX_VALUE, 10).orElseThrow().readings())
            .containsExactly(new StoredReading(Format0.T0, 3600, 5));
    }

    @Test
    void seriesCountCountlessReadingsButAddOnlyKnownCounts() throws IOException {
        InMemoryDeviceReadingStore store = recovered();
        // Hours of 60 readings: the tenth hour holds the last snapshot reading and the
        // ten from the journal.
        Series series = store.series(Format0.DENSE, Format0.T0, Format0.T0 + 11 * 3600, 3600, 11).orElseThrow();
        assertThat(series.readings()).containsExactly(60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 10);
        assertThat(series.sums()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Format0.denseSum(600, 610));
    }

    @Test
    void aSnapshotTakenAfterTheUpgradeKeepsTheMissingCountsMissing() throws IOException {
        Format0.copyTo(this.dir);
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.unbounded();
        try (Journal<JournalBatchCodec.Batch> journal = open()) {
            journal.recover(StoreJournal.replayInto(store));
            journal.snapshot(store::writeSnapshot);
        }
        InMemoryDeviceReadingStore again = recovered();
        for (UUID device : List.of(Format0.DENSE, Format0.SPARSE, Format0.SINGLE, Format0.LATER)) {
            assertThat(again.totals(device)).isEqualTo(store.totals(device));
            assertThat(again.readings(device, Long.MIN_VALUE, Long.MAX_VALUE, 10_000).orElseThrow().readings())
                .isEqualTo(store.readings(device, Long.MIN_VALUE, Long.MAX_VALUE, 10_000).orElseThrow().readings());
        }
        assertThat(again.readings(Format0.SPARSE, Long.MIN_VALUE, Long.MAX_VALUE, 100).orElseThrow().readings())
            .extracting(StoredReading::count)
            .containsOnly(0L);
    }

    private InMemoryDeviceReadingStore recovered() throws IOException {
        if (!Files.exists(this.dir.resolve(Format0.SNAPSHOT))) {
            Format0.copyTo(this.dir);
        }
        InMemoryDeviceReadingStore store = InMemoryDeviceReadingStore.unbounded();
        try (Journal<JournalBatchCodec.Batch> journal = open()) {
            journal.recover(StoreJournal.replayInto(store));
        }
        return store;
    }

    private Journal<JournalBatchCodec.Batch> open() throws IOException {
        return Journal.open(this.dir, JournalMode.FSYNC, false, 1 << 16, JournalFileSystem.DEFAULT,
                JournalBatchCodec.INSTANCE, () -> {
                }, FlushListener.NONE);
    }

    /** The fixture's devices and readings, as the old release's code wrote them. */
    static final class Format0 {

        /** 2021-09-29T00:00:00+01:00. */
        static final long T0 = 1_632_870_000L;

        /**
         * 600 readings a minute apart in +01:00, reading {@code i} with
         * {@link #denseCount}.
         */
        static final UUID DENSE = UUID.fromString("00000000-0000-4000-8000-00000000000a");

        /**
         * 12 readings 40,000,000 s apart ending at {@link #T0}, counts 1000 to 1011, each
         * in an offset of its own (the earliest -05:00, the latest +09:30).
         */
        static final UUID SPARSE = UUID.fromString("00000000-0000-4000-8000-00000000000b");

        /** One reading of count 42 at {@link #T0} in -05:00. */
        static final UUID SINGLE = UUID.fromString("00000000-0000-4000-8000-00000000000c");

        /** Only in the segment after the snapshot: one reading of count 5. */
        static final UUID LATER = UUID.fromString("00000000-0000-4000-8000-00000000000d");

        static final String SNAPSHOT = "snapshot-0000000000000001.snap";

        static final List<String> FILES = List.of(SNAPSHOT, "segment-0000000000000001.log");

        private Format0() {
        }

        static long denseCount(int i) {
            return 1 + (i * 7) % 50;
        }

        static long denseSum(int from, int to) {
            return LongStream.range(from, to).map((i) -> denseCount((int) i)).sum();
        }

        static long sparseInstant(long k) {
            return T0 - 40_000_000L * (11 - k);
        }

        static void copyTo(Path dir) {
            for (String name : FILES) {
                try (InputStream in = SnapshotFormat0Tests.class.getResourceAsStream("/snapshot/format-0/" + name)) {
                    assertThat(in).as(name).isNotNull();
                    Files.copy(in, dir.resolve(name));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }

    }

}
