package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit, driven by a gate on the file system's writes rather than by timing:
 * appends that arrive while a write is under way share the next write, and each append
 * returns when, and only when, its own group is written.
 */
class GroupCommitTests {

    private static final int JOINERS = 8;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    @Test
    void appendsArrivingDuringAWriteShareTheNextOneAndReturnWhenTheirOwnGroupIsWritten() throws Exception {
        GatedJournalFileSystem files = new GatedJournalFileSystem();
        List<String> replayed = new ArrayList<>();
        List<Integer> groups = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, 64 << 20, files, () -> {
        }, (records, nanos) -> groups.add(records))) {
            journal.recover(recorder(replayed));
            int writesBefore = files.writes();
            int forcesBefore = files.forces();
            files.holdWrites();
            Future<?> first = this.threads.submit(() -> append(journal, 0));
            files.awaitWriteAtGate();
            List<Future<?>> joiners = new ArrayList<>();
            for (int i = 1; i <= JOINERS; i++) {
                int n = i;
                joiners.add(this.threads.submit(() -> append(journal, n)));
            }
            awaitWaitingRecords(journal, JOINERS);

            files.letOneWriteThrough();
            first.get(60, TimeUnit.SECONDS);
            files.awaitWriteAtGate();
            assertThat(joiners).as("waiting for their own group's write, which is held").noneMatch(Future::isDone);
            files.openGate();
            for (Future<?> joiner : joiners) {
                joiner.get(60, TimeUnit.SECONDS);
            }
            assertThat(files.writes() - writesBefore).as("one write for the first, one for the 8 joiners").isEqualTo(2);
            assertThat(files.forces() - forcesBefore).isEqualTo(2);
            assertThat(groups).as("records per flush, as the meters hear them").containsExactly(1, JOINERS);
        }
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.WRITE, false, 64 << 20,
                JournalFileSystem.DEFAULT)) {
            replayed.clear();
            journal.recover(recorder(replayed));
        }
        assertThat(replayed).hasSize(JOINERS + 1).doesNotHaveDuplicates();
    }

    /**
     * An appender whose record is in a group waits for the device from then on: it says
     * so before it waits, whether it waits for another's write or is the writer itself,
     * so that what bounds the work in progress (the create permits) can let the next
     * request in while the disk works.
     */
    @Test
    void everyAppenderSaysItAwaitsTheFlushBeforeItWaitsForTheDevice() throws Exception {
        GatedJournalFileSystem files = new GatedJournalFileSystem();
        java.util.Set<String> awaiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
        FlushListener listener = new FlushListener() {

            @Override
            public void flushed(int records, long nanos) {
            }

            @Override
            public void awaitingFlush() {
                awaiting.add(Thread.currentThread().getName());
            }

        };
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, 64 << 20, files, () -> {
        }, listener)) {
            journal.recover(recorder(new ArrayList<>()));
            files.holdWrites();
            try {
                awaitFlushesHeld(journal, files, awaiting);
            }
            finally {
                // A failed check must not leave the writer at the gate: closing waits
                // for it.
                files.openGate();
            }
        }
        assertThat(awaiting).hasSize(JOINERS + 1);
    }

    private void awaitFlushesHeld(BatchJournal journal, GatedJournalFileSystem files, java.util.Set<String> awaiting)
            throws Exception {
        Future<?> writer = this.threads.submit(() -> named("writer", () -> append(journal, 0)));
        files.awaitWriteAtGate();
        assertThat(awaiting).as("the writer, before its own write").containsExactly("writer");
        List<Future<?>> joiners = new ArrayList<>();
        for (int i = 1; i <= JOINERS; i++) {
            int n = i;
            joiners.add(this.threads.submit(() -> named("joiner-" + n, () -> append(journal, n))));
        }
        awaitWaitingRecords(journal, JOINERS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (awaiting.size() < JOINERS + 1) {
            assertThat(System.nanoTime()).as("every joiner awaiting within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(writer).as("held at the gate").isNotDone();
        assertThat(joiners).as("waiting for their group's write, which is held").noneMatch(Future::isDone);
        files.openGate();
        writer.get(60, TimeUnit.SECONDS);
        for (Future<?> joiner : joiners) {
            joiner.get(60, TimeUnit.SECONDS);
        }
    }

    private static Void named(String name, java.util.concurrent.Callable<Void> work) throws Exception {
        String was = Thread.currentThread().getName();
        Thread.currentThread().setName(name);
        try {
            return work.call();
        }
        finally {
            Thread.currentThread().setName(was);
        }
    }

    @Test
    void manyWritersLoseNothingAndWriteFewerGroupsThanRecords() throws Exception {
        int writers = 16;
        int each = 500;
        GatedJournalFileSystem files = new GatedJournalFileSystem();
        List<String> replayed = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong flushed = new java.util.concurrent.atomic.AtomicLong();
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.FSYNC, false, 4096, files, () -> {
        }, (records, nanos) -> flushed.addAndGet(records))) {
            journal.recover(recorder(replayed));
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(this.threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        append(journal, writer * each + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(120, TimeUnit.SECONDS);
            }
        }
        try (BatchJournal journal = BatchJournal.open(this.dir, JournalMode.WRITE, false, 4096,
                JournalFileSystem.DEFAULT)) {
            replayed.clear();
            journal.recover(recorder(replayed));
        }
        assertThat(replayed).hasSize(writers * each).doesNotHaveDuplicates();
        assertThat(flushed).as("records counted in flushes").hasValue(writers * each);
    }

    private static Void append(BatchJournal journal, int n) throws IOException {
        ReadingBatch batch = new ReadingBatch();
        batch.add(1, new Timestamp(1_700_000_000L + n, 0));
        journal.append(new UUID(7, n % 100), batch);
        return null;
    }

    static void awaitWaitingRecords(BatchJournal journal, int records) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (journal.waitingRecords() < records) {
            assertThat(System.nanoTime()).as("%d appends waiting within 60 s", records).isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(journal.waitingRecords()).isEqualTo(records);
    }

    private static BatchJournal.Replay recorder(List<String> replayed) {
        return new BatchJournal.Replay() {

            @Override
            public void snapshotRecord(RecordInput record) {
                throw new AssertionError("no snapshot here");
            }

            @Override
            public void batch(UUID deviceId, ReadingBatch readings) {
                replayed.add(deviceId + " " + readings.epochSecond(0));
            }

        };
    }

}
