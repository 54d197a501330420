package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.ReadingBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power loss during the last group's write can keep any of its sectors and lose any
 * other: the start drops that group silently whatever part of it is missing, and still
 * refuses damage to what could have been acknowledged. Files of the first format still
 * replay.
 */
class TornGroupTests {

    private static final long SEGMENT_BYTES = 64 << 20;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    /**
     * Zeroes a third of the last group (its first, middle or last third), as a write
     * whose sectors reached the disk in any order leaves it: with a zero-filled gap
     * before intact records, the start used to stop with "empty record".
     */
    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2 })
    void aLastGroupWithAnyThirdMissingIsDroppedSilently(int third) throws Exception {
        long groupStart = writeTwoGroupsThenAGroupOfThree();
        Path segment = onlySegment();
        long end = Files.size(segment);
        long part = (end - groupStart) / 3;
        zero(segment, groupStart + third * part, part);
        List<String> replayed = new ArrayList<>();
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, SEGMENT_BYTES,
                JournalFileSystem.DEFAULT)) {
            journal.recover(recorder(replayed));
        }
        assertThat(replayed).containsExactly("0", "1");
        assertThat(Files.size(segment)).isEqualTo(groupStart);
    }

    @Test
    void filesOfTheFirstFormatReplayAndTheJournalGoesOnInTheCurrentOne() throws IOException {
        try (InputStream v1 = getClass().getResourceAsStream("/journal/format-1/segment-0000000000000001.log")) {
            Files.copy(v1, this.dir.resolve("segment-0000000000000001.log"));
        }
        UUID a = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");
        UUID b = UUID.fromString("9f1c7a2e-4b3d-4e8a-9c61-2d5f0e7b8a14");
        List<String> expected = new ArrayList<>(List.of(a + " 1632928155/3600x9 1632928215/-21600x1",
                b + " 1/45x" + Long.MAX_VALUE, a + " 1632928275/3600x2", b + " -62135596800/64800x3"));
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, SEGMENT_BYTES,
                JournalFileSystem.DEFAULT)) {
            List<String> replayed = new ArrayList<>();
            journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).isEqualTo(expected);
            journal.append(a, JournalTests.batch(1632928335L, 3600, 5));
        }
        expected.add(a + " 1632928335/3600x5");
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, SEGMENT_BYTES,
                JournalFileSystem.DEFAULT)) {
            List<String> replayed = new ArrayList<>();
            journal.recover(JournalTests.recorder(replayed));
            assertThat(replayed).isEqualTo(expected);
        }
    }

    /**
     * Appends 0 and 1 one after the other, then 2, 3 and 4 while 1's write is held, so
     * that they form one group: the last. Returns where that group starts.
     */
    private long writeTwoGroupsThenAGroupOfThree() throws Exception {
        GatedJournalFileSystem files = new GatedJournalFileSystem();
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, SEGMENT_BYTES, files)) {
            journal.recover(recorder(new ArrayList<>()));
            append(journal, 0);
            files.holdWrites();
            Future<?> first = this.threads.submit(() -> append(journal, 1));
            files.awaitWriteAtGate();
            List<Future<?>> group = new ArrayList<>();
            for (int n = 2; n <= 4; n++) {
                int reading = n;
                group.add(this.threads.submit(() -> append(journal, reading)));
            }
            GroupCommitTests.awaitWaitingRecords(journal, 3);
            files.letOneWriteThrough();
            first.get(60, TimeUnit.SECONDS);
            long groupStart = Files.size(onlySegment());
            files.openGate();
            for (Future<?> append : group) {
                append.get(60, TimeUnit.SECONDS);
            }
            assertThat(Files.size(onlySegment())).isGreaterThan(groupStart);
            return groupStart;
        }
    }

    private static Void append(BatchJournal journal, int n) throws IOException {
        journal.append(new UUID(3, n), JournalTests.batch(1_700_000_000L + n, 0, n + 1L));
        return null;
    }

    private static void zero(Path file, long offset, long length) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(offset);
            raw.write(new byte[(int) length]);
        }
    }

    private Path onlySegment() throws IOException {
        try (var files = Files.list(this.dir)) {
            List<Path> segments = files.filter((file) -> file.getFileName().toString().endsWith(".log")).toList();
            assertThat(segments).hasSize(1);
            return segments.get(0);
        }
    }

    private static BatchJournal.Replay recorder(List<String> replayed) {
        return new BatchJournal.Replay() {

            @Override
            public void snapshotRecord(RecordInput record) {
                throw new AssertionError("no snapshot here");
            }

            @Override
            public void batch(UUID deviceId, ReadingBatch readings) {
                replayed.add(String.valueOf(deviceId.getLeastSignificantBits()));
            }

        };
    }

}
