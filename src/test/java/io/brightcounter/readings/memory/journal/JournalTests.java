package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class JournalTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    private static final long SEGMENT_BYTES = 64 << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = JournalMode.class, names = { "FSYNC", "WRITE" })
    void recoverReplaysEveryAppendedBatchExactly(JournalMode mode) throws IOException {
        try (BatchJournal journal = open(mode, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).isEmpty();
            journal.append(DEVICE, batch(1632928155L, 3600, 9, 1632928215L, -21600, 1));
            journal.append(DEVICE, batch(1L, 45, Long.MAX_VALUE));
            journal.append(UUID.randomUUID(), batch(-62135596800L, 64800, 3));
        }
        try (BatchJournal journal = open(mode, false, JournalFileSystem.DEFAULT)) {
            List<String> replayed = recover(journal);
            assertThat(replayed).hasSize(3);
            assertThat(replayed.get(0)).isEqualTo(DEVICE + " 1632928155/3600x9 1632928215/-21600x1");
            assertThat(replayed.get(1)).isEqualTo(DEVICE + " 1/45x" + Long.MAX_VALUE);
            assertThat(replayed.get(2)).endsWith(" -62135596800/64800x3");
        }
    }

    @Test
    void aSingleReadingOfAKnownDeviceTakesFewerThan24Bytes() throws IOException {
        long now = System.currentTimeMillis() / 1000;
        try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            for (int i = 0; i < 1000; i++) {
                journal.append(new UUID(1, i % 100), batch(now + 60L * i, 3600, 1 + i % 100));
            }
        }
        long records = Files.size(onlySegment()) - JournalFiles.SEGMENT_HEADER;
        // Each append alone is a group here: its frame's mark and the record's length
        // cost 2 bytes beside the 14 of the reading and the frame's checksum.
        assertThat(records / 1000.0).isLessThanOrEqualTo(16);
        try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            List<String> replayed = recover(journal);
            assertThat(replayed).hasSize(1000);
            assertThat(replayed.get(999)).isEqualTo(new UUID(1, 99) + " " + (now + 60L * 999) + "/3600x100");
        }
    }

    @Test
    void concurrentAppendersAcrossManySmallSegmentsAreAllReplayed() throws Exception {
        List<String> appended = java.util.Collections.synchronizedList(new ArrayList<>());
        // fsync mode: a flush takes milliseconds, so appends keep arriving while a
        // segment fills.
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, 512,
                JournalFileSystem.DEFAULT)) {
            recover(journal);
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        UUID device = new UUID(writer, i % 37);
                        long instant = 1_700_000_000L + i;
                        journal.append(device, batch(instant, 0, 1 + writer));
                        appended.add(device + " " + instant + "/0x" + (1 + writer));
                    }
                    return null;
                }));
            }
            for (var writer : done) {
                writer.get();
            }
            writers.shutdown();
        }
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.WRITE, false, 512,
                JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactlyInAnyOrderElementsOf(appended);
        }
    }

    @Test
    void devicesAreNumberedPerSegment() throws IOException {
        try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            journal.snapshot((output) -> {
            });
            journal.append(DEVICE, batch(200, 0, 2));
            journal.append(DEVICE, batch(300, 0, 3));
        }
        try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 200/0x2", DEVICE + " 300/0x3");
        }
    }

    @Test
    void aRecordCutShortAtAnyByteIsDroppedSilentlyAndTheRestIsKept() throws IOException {
        long lastRecordStart;
        try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            lastRecordStart = Files.size(onlySegment());
            journal.append(DEVICE, batch(200, 0, 2, 300, 900, 3));
        }
        Path segment = onlySegment();
        long full = Files.size(segment);
        byte[] original = Files.readAllBytes(segment);
        for (long cut = lastRecordStart; cut < full; cut++) {
            resetTo(segment, original, cut);
            try (BatchJournal journal = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
                assertThat(recover(journal)).as("cut at %d", cut).containsExactly(DEVICE + " 100/0x1");
            }
            assertThat(Files.size(segment)).as("cut at %d", cut).isEqualTo(lastRecordStart);
        }
    }

    @Test
    void aFlippedByteInTheMiddleStopsTheStartNamingFileAndOffset() throws IOException {
        long damagedRecord = writeThreeRecordsAndFlipAByteInTheSecond();
        Path segment = onlySegment();
        byte[] damaged = Files.readAllBytes(segment);
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(segment.toAbsolutePath().toString())
                .withMessageContaining("offset " + damagedRecord)
                .withMessageContaining("bright-counter.journal.repair=true");
        }
        assertThat(Files.readAllBytes(segment)).as("refused start changes nothing").isEqualTo(damaged);
    }

    @Test
    void aFlippedLengthByteIsDamageNotATornTail() throws IOException {
        long damagedRecord = writeThreeRecordsAndFlip(1, 0x80);
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining("offset " + damagedRecord);
        }
    }

    @Test
    void repairStartsDroppingFromTheDamageReportingItAndSetsTheFileAsideOnceASnapshotHoldsTheRest() throws IOException {
        long damagedRecord = writeThreeRecordsAndFlipAByteInTheSecond();
        Path segment = onlySegment();
        byte[] damaged = Files.readAllBytes(segment);
        try (BatchJournal journal = open(JournalMode.FSYNC, true, JournalFileSystem.DEFAULT)) {
            List<String> replayed = new ArrayList<>();
            Journal.RecoveryReport report = journal.recover(recorder(replayed));
            assertThat(replayed).containsExactly(DEVICE + " 100/0x1");
            assertThat(report.dropped()).singleElement()
                .asString()
                .contains(segment.getFileName().toString(), "offset " + damagedRecord);
            assertThat(Files.readAllBytes(segment)).as("nothing changes before the repair's snapshot is durable")
                .isEqualTo(damaged);
            journal.snapshot((output) -> {
            });
        }
        assertThat(segment).doesNotExist();
        assertThat(segment.resolveSibling(segment.getFileName() + ".damaged")).hasBinaryContent(damaged);
    }

    /**
     * A repairing start whose power goes before the snapshot of what it read is durable
     * (here: the disk is full, so neither its segment nor its snapshot can be written):
     * the next repairing start still finds everything intact that the first one read.
     */
    @Test
    void aRepairInterruptedBeforeItsSnapshotIsDurableLeavesWhatItReadForTheNextStart() throws IOException {
        Path snapshot = writeSnapshotOf(7, 8);
        byte[] bytes = Files.readAllBytes(snapshot);
        // The second record's payload: magic, then the first record (1 + 4 + 2 bytes).
        bytes[8 + 7 + 1 + 4 + 1] ^= 0x01;
        Files.write(snapshot, bytes);
        FaultyJournalFileSystem full = new FaultyJournalFileSystem();
        full.diskFull(true);
        try (BatchJournal journal = open(JournalMode.FSYNC, true, full)) {
            List<String> replayed = new ArrayList<>();
            try {
                journal.recover(recorder(replayed));
                journal.snapshot((output) -> {
                });
            }
            catch (IOException ex) {
                // The power goes, or the disk is full: the repair's snapshot is not on
                // disk.
            }
            assertThat(replayed).containsExactly("snapshot 7");
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, true, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).as("what the interrupted repair read is still there to read")
                .containsExactly("snapshot 7");
        }
    }

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefused() throws IOException {
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThatExceptionOfType(JournalLockedException.class)
                .isThrownBy(() -> open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT))
                .withMessageContaining(this.dir.toAbsolutePath().toString())
                .withMessageContaining("process " + ProcessHandle.current().pid());
        }
        open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT).close();
    }

    @ParameterizedTest
    @EnumSource(value = JournalMode.class, names = { "FSYNC", "WRITE" })
    void aFailedWriteRefusesTheBatchLeavesNothingOfItAndRecoversWhenTheDiskDoes(JournalMode mode) throws IOException {
        FaultyJournalFileSystem files = new FaultyJournalFileSystem();
        try (BatchJournal journal = open(mode, false, files)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            files.diskFull(true);
            assertThatIOException().isThrownBy(() -> journal.append(DEVICE, batch(200, 0, 2)));
            assertThat(journal.failed()).isTrue();
            assertThatIOException().as("refused while failed")
                .isThrownBy(() -> journal.append(DEVICE, batch(300, 0, 3)));
            assertThat(journal.tryRecover()).as("disk still full").isFalse();
            files.diskFull(false);
            assertThat(journal.tryRecover()).isTrue();
            journal.append(DEVICE, batch(400, 0, 4));
        }
        try (BatchJournal journal = open(mode, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1", DEVICE + " 400/0x4");
        }
    }

    @Test
    void aSegmentThatCannotBeCutBackIsTriedAgainBeforeAnythingElseIsWritten() throws IOException {
        FaultyJournalFileSystem files = new FaultyJournalFileSystem();
        try (BatchJournal journal = open(JournalMode.FSYNC, false, files)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            files.truncateFails(true);
            files.diskFull(true);
            assertThatIOException().isThrownBy(() -> journal.append(DEVICE, batch(200, 0, 2)));
            files.diskFull(false);
            assertThat(journal.tryRecover()).as("the half-written group cannot be cut off yet").isFalse();
            files.truncateFails(false);
            assertThat(journal.tryRecover()).isTrue();
            journal.append(DEVICE, batch(400, 0, 4));
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1", DEVICE + " 400/0x4");
        }
    }

    @Test
    void aCloseWhoseFlushFailsStillLeavesTheJournalClosed() throws IOException {
        FaultyJournalFileSystem files = new FaultyJournalFileSystem();
        BatchJournal journal = open(JournalMode.WRITE, false, files);
        recover(journal);
        journal.append(DEVICE, batch(100, 0, 1));
        files.flushFails(true);
        assertThatIOException().isThrownBy(journal::close);
        assertThatIOException().as("appends after close are refused")
            .isThrownBy(() -> journal.append(DEVICE, batch(200, 0, 2)))
            .withMessageContaining("closed");
        files.flushFails(false);
        try (BatchJournal reopened = open(JournalMode.WRITE, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(reopened)).as("the directory was released").containsExactly(DEVICE + " 100/0x1");
        }
    }

    @Test
    void aFailedFlushRefusesTheBatchAndLeavesNothingOfIt() throws IOException {
        FaultyJournalFileSystem files = new FaultyJournalFileSystem();
        try (BatchJournal journal = open(JournalMode.FSYNC, false, files)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            files.flushFails(true);
            assertThatIOException().isThrownBy(() -> journal.append(DEVICE, batch(200, 0, 2)));
            files.flushFails(false);
            assertThat(journal.tryRecover()).isTrue();
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1");
        }
    }

    @Test
    void aSnapshotCoversTheSegmentsBeforeItAndLaterSegmentsAreReplayedAfterIt() throws IOException {
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            journal.snapshot((output) -> output.startRecord().putVarLong(42));
            journal.snapshot((output) -> {
                output.startRecord().putVarLong(7);
                output.endRecord();
            });
            journal.append(DEVICE, batch(200, 0, 2));
        }
        try (Stream<Path> files = Files.list(this.dir)) {
            assertThat(files.map((file) -> file.getFileName().toString()).filter((name) -> name.startsWith("snapshot")))
                .containsExactly("snapshot-0000000000000003.snap");
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            List<String> replayed = recover(journal);
            assertThat(replayed).containsExactly("snapshot 7", DEVICE + " 200/0x2");
        }
    }

    @Test
    void recoveryReportsTheSegmentsBatchesAndBytesItReadAndCountsThemTowardsTheNextSnapshot() throws IOException {
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            journal.append(DEVICE, batch(200, 0, 2));
        }
        long segmentSize = Files.size(onlySegment());
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            Journal.RecoveryReport report = journal.recover(recorder(new ArrayList<>()));
            assertThat(report.snapshot()).isNull();
            assertThat(report.segments()).isOne();
            assertThat(report.batches()).isEqualTo(2);
            assertThat(report.bytes()).isEqualTo(segmentSize);
            assertThat(report.dropped()).isEmpty();
            assertThat(journal.bytesSinceSnapshot()).isEqualTo(segmentSize - JournalFiles.SEGMENT_HEADER);
            journal.append(DEVICE, batch(300, 0, 3));
            assertThat(journal.bytesSinceSnapshot()).isGreaterThan(segmentSize - JournalFiles.SEGMENT_HEADER);
            long snapshotSize = journal.snapshot((output) -> {
                output.startRecord().putVarLong(7);
                output.endRecord();
            });
            assertThat(journal.bytesSinceSnapshot()).as("every segment is covered by the snapshot").isZero();
            assertThat(snapshotSize).isEqualTo(Files.size(JournalFiles.snapshot(this.dir, 3)));
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            Journal.RecoveryReport report = journal.recover(recorder(new ArrayList<>()));
            Path snapshot = JournalFiles.snapshot(this.dir, 3);
            assertThat(report.snapshot()).isEqualTo(snapshot);
            assertThat(report.segments()).as("the segment begun for the snapshot, read though empty").isOne();
            assertThat(report.bytes()).isEqualTo(Files.size(snapshot) + JournalFiles.SEGMENT_HEADER);
            journal.append(DEVICE, batch(400, 0, 4));
        }
        try (Stream<Path> files = Files.list(this.dir)) {
            assertThat(files.map((file) -> file.getFileName().toString()).sorted()).containsExactly("journal.lock",
                    "segment-0000000000000003.log", "segment-0000000000000004.log", "snapshot-0000000000000003.snap");
        }
    }

    @Test
    void segmentsAreNumberedOnFromTheSnapshotWhenNoneIsLeft() throws IOException {
        writeSnapshotOf(7);
        try (Stream<Path> files = Files.list(this.dir)) {
            files.filter((file) -> file.getFileName().toString().endsWith(".log")).forEach((file) -> {
                try {
                    Files.delete(file);
                }
                catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
        }
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThat(recover(journal)).containsExactly("snapshot 7");
            journal.append(DEVICE, batch(100, 0, 1));
        }
        try (Stream<Path> files = Files.list(this.dir)) {
            assertThat(files.map((file) -> file.getFileName().toString()).sorted()).containsExactly("journal.lock",
                    "segment-0000000000000002.log", "snapshot-0000000000000002.snap");
        }
    }

    @Test
    void eachWrittenGroupIsReportedWithItsRecordsAndHowLongItsWriteTook() throws IOException {
        List<long[]> reported = new ArrayList<>();
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, SEGMENT_BYTES,
                JournalFileSystem.DEFAULT, () -> {
                }, (records, nanos) -> reported.add(new long[] { records, nanos }))) {
            recover(journal);
            long before = System.nanoTime();
            journal.append(DEVICE, batch(100, 0, 1));
            long elapsed = System.nanoTime() - before;
            assertThat(reported).singleElement().satisfies((group) -> {
                assertThat(group[0]).as("records").isOne();
                assertThat(group[1]).as("nanoseconds").isBetween(0L, elapsed);
            });
        }
    }

    @Test
    void aDamagedSnapshotStopsTheStart() throws IOException {
        Path snapshot = writeSnapshotOf(7);
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(snapshot, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(snapshot.toAbsolutePath().toString());
        }
    }

    /** A snapshot of one record per value, in an empty journal; returns its file. */
    private Path writeSnapshotOf(long... values) throws IOException {
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.snapshot((output) -> {
                for (long value : values) {
                    output.startRecord().putVarLong(value);
                    output.endRecord();
                }
            });
        }
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".snap")).findFirst().orElseThrow();
        }
    }

    /**
     * Three records; the second gets a byte of its payload flipped. Returns where the
     * second starts.
     */
    private long writeThreeRecordsAndFlipAByteInTheSecond() throws IOException {
        return writeThreeRecordsAndFlip(10, 0x01);
    }

    private long writeThreeRecordsAndFlip(int offsetInRecord, int mask) throws IOException {
        long second;
        try (BatchJournal journal = open(JournalMode.FSYNC, false, JournalFileSystem.DEFAULT)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            second = Files.size(onlySegment());
            journal.append(DEVICE, batch(200, 0, 2));
            journal.append(DEVICE, batch(300, 0, 3));
        }
        try (RandomAccessFile file = new RandomAccessFile(onlySegment().toFile(), "rw")) {
            file.seek(second + offsetInRecord);
            int b = file.read();
            file.seek(second + offsetInRecord);
            file.write(b ^ mask);
        }
        return second;
    }

    private static void resetTo(Path segment, byte[] original, long length) throws IOException {
        Files.write(segment, java.util.Arrays.copyOf(original, (int) length));
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            List<Path> segments = files.filter((file) -> file.getFileName().toString().endsWith(".log"))
                .filter((file) -> {
                    try {
                        return Files.size(file) > JournalFiles.SEGMENT_HEADER;
                    }
                    catch (IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                })
                .sorted(Comparator.naturalOrder())
                .toList();
            assertThat(segments).hasSize(1);
            return segments.get(0);
        }
    }

    private BatchJournal open(JournalMode mode, boolean repair, JournalFileSystem files) throws IOException {
        return BatchJournal.open(this.dir, mode, repair, SEGMENT_BYTES, files);
    }

    private static List<String> recover(BatchJournal journal) throws IOException {
        List<String> replayed = new ArrayList<>();
        journal.recover(recorder(replayed));
        return replayed;
    }

    static BatchJournal.Replay recorder(List<String> replayed) {
        return new BatchJournal.Replay() {

            @Override
            public void snapshotRecord(RecordInput record) {
                replayed.add("snapshot " + record.getVarLong());
            }

            @Override
            public void batch(UUID deviceId, ReadingBatch readings) {
                StringBuilder line = new StringBuilder(deviceId.toString());
                for (int i = 0; i < readings.size(); i++) {
                    line.append(' ')
                        .append(readings.epochSecond(i))
                        .append('/')
                        .append(readings.offsetSeconds(i))
                        .append('x')
                        .append(readings.count(i));
                }
                replayed.add(line.toString());
            }

        };
    }

    /** Readings as (epoch second, offset seconds, count) triples. */
    static ReadingBatch batch(long... triples) {
        ReadingBatch batch = new ReadingBatch();
        for (int i = 0; i < triples.length; i += 3) {
            batch.add(triples[i + 2], new Timestamp(triples[i], (int) triples[i + 1]));
        }
        return batch;
    }

}
