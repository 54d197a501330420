package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Journal directories as a disk incident or a hostile hand leaves them (issue 22):
 * emptied, shortened, swapped and oversized files, and records whose checksum is right
 * but whose values are not. The start never deletes or ignores what it could not read; it
 * names the file and the offset, and repair goes on with what is intact.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileJournalFilesTests {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    /** Small enough that each append fills its segment: one segment per record. */
    private static final long TINY_SEGMENTS = 40;

    @TempDir
    Path dir;

    // ---- Finding 1: short snapshots ----

    @ParameterizedTest
    @ValueSource(ints = { 0, 4, 7 })
    void aShortSnapshotNewerThanTheRealOneIsDamageAndNothingIsDeleted(int length) throws IOException {
        writeSnapshotThenTwoRecords();
        Path fake = this.dir.resolve("snapshot-0000000000000099.snap");
        Files.write(fake, java.util.Arrays.copyOf(JournalFiles.SNAPSHOT_MAGIC, length));
        List<String> before = listing();
        try (BatchJournal journal = open(false)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(fake.toAbsolutePath().toString())
                .withMessageContaining("offset 0");
        }
        assertThat(listing()).as("a refused start deletes nothing").isEqualTo(before);
        try (BatchJournal journal = open(true)) {
            List<String> replayed = new ArrayList<>();
            Journal.RecoveryReport report = journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).as("the real snapshot and the segments after it")
                .containsExactly("snapshot 7", DEVICE + " 200/0x2", DEVICE + " 300/0x3");
            assertThat(report.dropped()).singleElement().asString().contains(fake.getFileName().toString(), "offset 0");
        }
        assertThat(listing()).as("repair sets nothing aside before its snapshot").containsAll(before);
    }

    @Test
    void anEmptiedRealSnapshotIsDamageNotAnEmptyStore() throws IOException {
        Path snapshot = writeSnapshotThenTwoRecords();
        Files.write(snapshot, new byte[0]);
        try (BatchJournal journal = open(false)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(snapshot.toAbsolutePath().toString());
        }
        assertThat(snapshot).exists();
    }

    @Test
    void aDamagedNewestSnapshotLeavesTheOlderSnapshotAndItsSegmentsForRepair() throws IOException {
        writeSnapshotThenTwoRecords();
        Path newer;
        try (BatchJournal journal = open(false)) {
            recover(journal);
            journal.append(DEVICE, batch(400, 0, 4));
            snapshotHolding(journal, 8);
        }
        // The newer snapshot deleted what it covered; put back an older snapshot and
        // segment, as a stop between the rename and the deletions leaves them.
        newer = newestSnapshot();
        Path older = this.dir.resolve("snapshot-0000000000000001.snap");
        try (BatchJournal scratch = BatchJournal.open(this.dir.resolve("older"), JournalMode.FSYNC, false, 1 << 20,
                JournalFileSystem.DEFAULT)) {
            scratch.recover(JournalTests.recorder(new ArrayList<>()));
            snapshotHolding(scratch, 6);
        }
        try (Stream<Path> files = Files.list(this.dir.resolve("older"))) {
            Files.copy(files.filter((f) -> f.getFileName().toString().endsWith(".snap")).findFirst().orElseThrow(),
                    older);
        }
        Files.write(newer, java.util.Arrays.copyOf(Files.readAllBytes(newer), 10));
        try (BatchJournal journal = open(true)) {
            List<String> replayed = new ArrayList<>();
            journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).startsWith("snapshot 6");
        }
        assertThat(older).as("kept until the repair's own snapshot is durable").exists();
    }

    @Test
    void aDamagedFileASnapshotCoversIsSetAsideNotDeleted() throws IOException {
        writeSnapshotThenTwoRecords();
        // What a repair leaves when the power goes after its snapshot, before the damaged
        // segment below it is set aside.
        Path covered = segmentPath(1);
        Files.write(covered, java.util.Arrays.copyOf(JournalFiles.SEGMENT_MAGIC, 7));
        Path intact = segmentPath(2);
        writeHeaderOnly(intact);
        try (BatchJournal journal = open(false)) {
            assertThat(recover(journal)).containsExactly("snapshot 7", DEVICE + " 200/0x2", DEVICE + " 300/0x3");
        }
        assertThat(covered).doesNotExist();
        assertThat(covered.resolveSibling(covered.getFileName() + ".damaged")).exists();
        assertThat(intact).as("an intact covered segment is deleted, as before").doesNotExist();
    }

    // ---- Finding 2: an emptied middle segment ----

    @Test
    void anEmptiedMiddleSegmentIsDamageNotAnInterruptedCreation() throws IOException {
        List<Path> segments = writeRecordsInSegmentsOfTheirOwn(3);
        Path middle = segments.get(1);
        Files.write(middle, new byte[0]);
        try (BatchJournal journal = open(false)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(middle.toAbsolutePath().toString())
                .withMessageContaining("offset 0");
        }
        assertThat(middle).exists();
        try (BatchJournal journal = open(true)) {
            List<String> replayed = new ArrayList<>();
            Journal.RecoveryReport report = journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).containsExactly(DEVICE + " 100/0x1", DEVICE + " 300/0x3");
            assertThat(report.dropped()).singleElement().asString().contains(middle.getFileName().toString());
        }
    }

    @Test
    void theNewestSegmentCreatedEmptyJustBeforeACrashIsStillDeleted() throws IOException {
        List<Path> segments = writeRecordsInSegmentsOfTheirOwn(2);
        Path newest = segmentPath(99);
        Files.write(newest, new byte[] { 'B', 'C', 'J' });
        try (BatchJournal journal = open(false)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1", DEVICE + " 200/0x2");
        }
        assertThat(newest).doesNotExist();
        assertThat(segments.get(0)).exists();
    }

    // ---- Finding 6: sizes read from files ----

    @Test
    void aRecordClaimingHundredsOfMegabytesIsNotReadIntoMemoryBeforeItsChecksumFails() throws IOException {
        Path file = this.dir.resolve("sparse.log");
        long claimed = 300L << 20;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            RecordOutput header = new RecordOutput(16).putVarLong(claimed).putByte(1).putByte(2).putByte(3).putByte(4);
            raf.write(header.array(), 0, header.size());
            raf.setLength(header.size() + claimed);
        }
        try (Records.Scanner scanner = new Records.Scanner(file, 0)) {
            assertThatExceptionOfType(Records.BadRecord.class).isThrownBy(scanner::next)
                .withMessageContaining("checksum");
            assertThat(scanner.bufferCapacity()).as("bytes held to check a record that is not one")
                .isLessThanOrEqualTo(4 << 20);
        }
    }

    // ---- Finding 7: values the contract does not allow ----

    @ParameterizedTest
    @ValueSource(strings = { "count -1", "count 0", "offset 20h", "year 10000", "year 0" })
    void aRecordWithAValueTheContractForbidsIsDamageRepairSkips(String what) throws IOException {
        ReadingBatch bad = switch (what) {
            case "count -1" -> batch(200, 0, -1);
            case "count 0" -> batch(200, 0, 0);
            case "offset 20h" -> batch(200, 20 * 3600, 2);
            case "year 10000" -> batch(253402300800L, 0, 2);
            case "year 0" -> batch(-62135596801L, 0, 2);
            default -> throw new IllegalArgumentException(what);
        };
        long offset;
        try (BatchJournal journal = open(false, 64 << 20)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            offset = Files.size(segmentPath(1));
            journal.append(DEVICE, bad);
            journal.append(DEVICE, batch(300, 0, 3));
        }
        Path segment = segmentPath(1);
        try (BatchJournal journal = open(false, 64 << 20)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageContaining(segment.toAbsolutePath().toString())
                .withMessageContaining("offset " + offset);
        }
        try (BatchJournal journal = open(true, 64 << 20)) {
            List<String> replayed = new ArrayList<>();
            Journal.RecoveryReport report = journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).as("the record is skipped, the ones after it replay")
                .containsExactly(DEVICE + " 100/0x1", DEVICE + " 300/0x3");
            assertThat(report.dropped()).singleElement()
                .asString()
                .contains(segment.getFileName().toString(), "offset " + offset);
        }
    }

    @Test
    void aValueTheStoreRejectsOnReplayIsDamageAtTheRecordsOffset() throws IOException {
        long offset;
        try (BatchJournal journal = open(false, 64 << 20)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            offset = Files.size(segmentPath(1));
            journal.append(DEVICE, batch(200, 0, 2));
            journal.append(DEVICE, batch(300, 0, 3));
        }
        BatchJournal.Replay refusing = new BatchJournal.Replay() {

            @Override
            public void snapshotRecord(RecordInput record) {
            }

            @Override
            public void batch(UUID deviceId, ReadingBatch readings) {
                if (readings.count(0) == 2) {
                    throw new io.brightcounter.readings.CountOverflowException();
                }
            }

        };
        try (BatchJournal journal = open(false, 64 << 20)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> journal.recover(refusing))
                .withMessageContaining(segmentPath(1).toAbsolutePath().toString())
                .withMessageContaining("offset " + offset);
        }
        try (BatchJournal journal = open(true, 64 << 20)) {
            assertThat(journal.recover(refusing).dropped()).singleElement().asString().contains("offset " + offset);
        }
    }

    // ---- Finding 9: small items ----

    @Test
    void aFlippedBitInTheLastCompleteRecordIsDroppedWithAWarningAndKept(CapturedOutput output) throws IOException {
        long last;
        try (BatchJournal journal = open(false, 64 << 20)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            last = Files.size(segmentPath(1));
            journal.append(DEVICE, batch(200, 0, 2));
        }
        Path segment = segmentPath(1);
        long size = Files.size(segment);
        flip(segment, size - 1);
        try (BatchJournal journal = open(false, 64 << 20)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1");
        }
        assertThat(output).contains("WARN").contains(segment.getFileName().toString()).contains("offset " + last);
        assertThat(segment.resolveSibling(segment.getFileName() + ".damaged-" + last)).hasSize(size - last);
    }

    @ParameterizedTest
    @ValueSource(strings = { "five readings claimed, one there", "cut inside the device id" })
    void aRecordThatDoesNotAddUpSaysWhatIsWrong(String what) throws IOException {
        try (BatchJournal journal = open(false, 64 << 20)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
        }
        // A well-framed record (its checksum matches) whose batch does not add up.
        RecordOutput body = new RecordOutput(64);
        if (what.startsWith("five")) {
            body.putVarLong(1).putUuid(DEVICE).putVarLong(5).putSignedVarLong(1).putOffset(0).putVarLong(1);
        }
        else {
            body.putVarLong(0).putByte(1).putByte(2).putByte(3);
        }
        RecordOutput group = new RecordOutput(128);
        group.reserve(Records.GROUP_HEADER);
        Records.appendRecord(body, new RecordOutput(0), group);
        int from = Records.frameGroup(group, 0);
        Files.write(segmentPath(1), java.util.Arrays.copyOfRange(group.array(), from, group.size()),
                java.nio.file.StandardOpenOption.APPEND);
        try (BatchJournal journal = open(false, 64 << 20)) {
            assertThatExceptionOfType(JournalDamagedException.class).isThrownBy(() -> recover(journal))
                .withMessageNotContaining("null")
                .withMessageContaining(what.startsWith("five") ? "claims 5 readings in 3 bytes"
                        : "the record ends before its contents do");
        }
    }

    @Test
    void aDirectoryInASegmentsPlaceIsNamed() throws IOException {
        writeRecordsInSegmentsOfTheirOwn(1);
        Path directory = Files.createDirectory(segmentPath(50));
        try (BatchJournal journal = open(false)) {
            assertThatThrownBy(() -> recover(journal)).hasMessageContaining(directory.toAbsolutePath().toString());
        }
    }

    // ---- Finding 5: a start on a full disk ----

    @Test
    void aStartOnAFullDiskRecoversServesReadsAndTakesWritesOnceTheDiskDoes() throws IOException {
        writeRecordsInSegmentsOfTheirOwn(2);
        long segmentsBefore = segmentCount();
        FaultyJournalFileSystem files = new FaultyJournalFileSystem();
        files.diskFull(true);
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, 64 << 20, files)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1", DEVICE + " 200/0x2");
            assertThat(journal.failed()).isTrue();
            assertThatIOException().isThrownBy(() -> journal.append(DEVICE, batch(300, 0, 3)))
                .withMessageContaining("No space left on device");
            for (int i = 0; i < 5; i++) {
                assertThat(journal.tryRecover()).isFalse();
            }
            files.diskFull(false);
            assertThat(journal.tryRecover()).isTrue();
            journal.append(DEVICE, batch(400, 0, 4));
        }
        assertThat(segmentCount()).isEqualTo(segmentsBefore + 1);
        assertThat(Files.size(segmentPath(segmentsBefore + 1))).as("failed attempts use up no segment number")
            .isGreaterThan(JournalFiles.SEGMENT_HEADER);
        try (BatchJournal journal = open(false)) {
            assertThat(recover(journal)).containsExactly(DEVICE + " 100/0x1", DEVICE + " 200/0x2", DEVICE + " 400/0x4");
        }
    }

    // ---- Helpers ----

    /**
     * A snapshot holding "7", then two records in the segment after it. Returns the
     * snapshot.
     */
    private Path writeSnapshotThenTwoRecords() throws IOException {
        try (BatchJournal journal = open(false)) {
            recover(journal);
            journal.append(DEVICE, batch(100, 0, 1));
            snapshotHolding(journal, 7);
            journal.append(DEVICE, batch(200, 0, 2));
            journal.append(DEVICE, batch(300, 0, 3));
        }
        return newestSnapshot();
    }

    /** A snapshot of one record holding the value. */
    private static void snapshotHolding(BatchJournal journal, long value) throws IOException {
        journal.snapshot((output) -> {
            output.startRecord().putVarLong(value);
            output.endRecord();
        });
    }

    private Path newestSnapshot() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".snap"))
                .sorted()
                .reduce((a, b) -> b)
                .orElseThrow();
        }
    }

    /** One record per segment, counts 1, 2, 3, ...; returns the segments holding them. */
    private List<Path> writeRecordsInSegmentsOfTheirOwn(int records) throws IOException {
        try (BatchJournal journal = open(false)) {
            recover(journal);
            for (int i = 1; i <= records; i++) {
                journal.append(DEVICE, batch(i * 100L, 0, i));
            }
        }
        List<Path> segments = new ArrayList<>();
        for (int i = 1; i <= records; i++) {
            Path segment = segmentPath(i);
            assertThat(Files.size(segment)).isGreaterThan(JournalFiles.SEGMENT_HEADER);
            segments.add(segment);
        }
        return segments;
    }

    private static void writeHeaderOnly(Path segment) throws IOException {
        Files.write(segment,
                java.nio.ByteBuffer.allocate(JournalFiles.SEGMENT_HEADER)
                    .put(JournalFiles.SEGMENT_MAGIC)
                    .putLong(100)
                    .array());
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".log")).count();
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.map((file) -> file.getFileName().toString())
                .filter((n) -> !n.equals("journal.lock"))
                .sorted()
                .toList();
        }
    }

    private Path segmentPath(long number) {
        return this.dir.resolve(String.format("segment-%016d.log", number));
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }

    private BatchJournal open(boolean repair) throws IOException {
        return open(repair, TINY_SEGMENTS);
    }

    private BatchJournal open(boolean repair, long segmentBytes) throws IOException {
        return BatchJournal.open(this.dir, JournalMode.FSYNC, repair, segmentBytes, JournalFileSystem.DEFAULT);
    }

    private static List<String> recover(BatchJournal journal) throws IOException {
        List<String> replayed = new ArrayList<>();
        journal.recover(JournalTests.recorder(replayed));
        return replayed;
    }

    private static ReadingBatch batch(long epochSecond, int offsetSeconds, long count) {
        return new ReadingBatch().add(count, new Timestamp(epochSecond, offsetSeconds));
    }

}
