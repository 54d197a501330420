package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's write-ahead journal: numbered segment files of checksummed
 * records, compacted now and then into a snapshot of the whole store. The design follows
 * the Prometheus TSDB (write-ahead log segments plus checkpoints) and Redis (append-only
 * file plus RDB snapshot). What a record holds is the owner's ({@link RecordCodec}).
 *
 * <p>
 * Files in the directory ({@link JournalFiles}):
 * <ul>
 * <li>{@code segment-<n>.log}: records appended in order; a new segment starts at each
 * start, when the current one passes the segment size, and when a snapshot begins.
 * <li>{@code snapshot-<n>.snap}: the whole store, as it was at some moment after segment
 * {@code n} began. It covers every segment numbered below {@code n}, which are then
 * deleted.
 * <li>{@code journal.lock}: keeps a second process out.
 * </ul>
 *
 * <p>
 * The parts: {@link SegmentWriter} appends with group commit and handles write faults;
 * {@link SnapshotFiles} writes snapshots and deletes what they cover;
 * {@link JournalRecovery} reads the directory back at start.
 *
 * @param <E> what one record holds
 */
public final class Journal<E> implements Closeable {

    private static final Log logger = LogFactory.getLog(Journal.class);

    private final Path directory;

    private final boolean repair;

    private final JournalFileSystem files;

    private final RecordCodec<E> codec;

    private final JournalLock lock;

    private final SegmentWriter<E> writer;

    /** Flushes a {@code write}-mode journal once a second; null in {@code fsync} mode. */
    private final @Nullable BackgroundFlush background;

    /**
     * Files recovery could read only in part, under repair: set aside by the next
     * snapshot, which holds what was read of them.
     */
    private final Set<Path> damaged = ConcurrentHashMap.newKeySet();

    private final Object snapshotLock = new Object();

    private Journal(Path directory, JournalMode mode, boolean repair, long segmentBytes, JournalFileSystem files,
            RecordCodec<E> codec, Runnable writeFailed, FlushListener flushed, JournalLock lock) {
        this.directory = directory;
        this.repair = repair;
        this.files = files;
        this.codec = codec;
        this.lock = lock;
        this.writer = new SegmentWriter<>(directory, mode, segmentBytes, files, codec, writeFailed, flushed);
        this.background = (mode == JournalMode.WRITE) ? new BackgroundFlush(this.writer::flushInBackground) : null;
    }

    /**
     * Takes the directory for this process: creates it if needed and locks it.
     * {@code writeFailed} runs once per write that fails, not per append refused
     * afterwards; it runs under the journal's lock, so it must be quick (a counter).
     * {@code flushed} hears of every group written.
     * @throws JournalLockedException when another process holds it
     */
    public static <E> Journal<E> open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files, RecordCodec<E> codec, Runnable writeFailed, FlushListener flushed)
            throws IOException {
        if (mode == JournalMode.OFF) {
            throw new IllegalArgumentException("mode off keeps no journal");
        }
        Files.createDirectories(directory);
        return new Journal<>(directory, mode, repair, segmentBytes, files, codec, writeFailed, flushed,
                JournalLock.acquire(directory));
    }

    /**
     * Bytes journaled since the last snapshot: when they pass the threshold, a snapshot
     * is due.
     */
    public long bytesSinceSnapshot() {
        return this.writer.liveBytes();
    }

    /** Whether appends are refused since a write failed. */
    public boolean failed() {
        return this.writer.failed();
    }

    /** Records waiting in the open group for the write under way to end (for tests). */
    int waitingRecords() {
        return this.writer.waitingRecords();
    }

    /**
     * Appends the entry as one record and returns once it is as durable as the mode
     * promises.
     * @throws IOException when it could not be written; nothing of it is then in the
     * journal
     */
    public void append(E entry) throws IOException {
        this.writer.append(entry);
    }

    /**
     * Leaves the refusing state if the disk takes writes again: cuts the failed segment
     * back to its last good length, closes it and starts a new segment. Returns whether
     * the journal takes appends now.
     */
    public boolean tryRecover() {
        return this.writer.tryRecover();
    }

    /**
     * What a snapshot holds: the store writes one record per device through the output.
     */
    @FunctionalInterface
    public interface SnapshotContents {

        void writeTo(SnapshotOutput output) throws IOException;

    }

    /**
     * Writes a snapshot of the store and deletes the segments it covers.
     *
     * <p>
     * A new segment starts first. Every record in the older segments was appended under
     * its device's lock and applied before that lock was let go, so the contents, read
     * device by device under the same locks, hold all of them. Records of the new segment
     * may or may not be in the snapshot, as writes go on while it is taken: replaying
     * them over it is harmless, because the journal holds only readings that were new,
     * and a reading already present is skipped. That is why the snapshot needs no pause
     * of the writers.
     * @return bytes written
     */
    public long snapshot(SnapshotContents contents) throws IOException {
        synchronized (this.snapshotLock) {
            long covered = this.writer.rotate();
            long size = SnapshotFiles.write(this.directory, this.files, covered, contents);
            // Counted as soon as the files are gone, whether or not the directory's flush
            // below succeeds: no snapshot is taken again for bytes no longer there.
            this.writer.segmentsDeleted(SnapshotFiles.deleteCoveredBy(this.directory, covered, this.damaged::remove));
            JournalFiles.syncDirectory(this.directory);
            return size;
        }
    }

    /**
     * Receives what the files hold, in order: the snapshot's records, then the segments'
     * entries.
     */
    public interface Replay<E> {

        /** One record the store wrote with {@link SnapshotOutput}. */
        void snapshotRecord(RecordInput record);

        /** One journaled entry. */
        void entry(E entry);

    }

    /**
     * What recovery read and what it dropped.
     *
     * @param snapshot the snapshot loaded, or {@code null}
     * @param segments segment files replayed
     * @param batches records replayed
     * @param bytes bytes read
     * @param dropped what was dropped from damaged files under repair, one line each
     * (empty without damage)
     */
    public record RecoveryReport(@Nullable Path snapshot, int segments, long batches, long bytes,
            List<String> dropped) {
    }

    /**
     * Loads the newest snapshot and replays the segments after it, then starts a new
     * segment for appends. A record cut short at the very end of the newest segment, and
     * nothing intact behind it, is what a crash during a write leaves: it was never
     * acknowledged, and is cut off. Anything else unreadable is damage: it stops the
     * start, or under repair is cut off (a copy kept beside the file) and reported.
     * @throws JournalDamagedException on damage without repair
     */
    public RecoveryReport recover(Replay<E> replay) throws IOException {
        JournalRecovery.Result result = new JournalRecovery<>(this.directory, this.repair, this.codec).run(replay);
        for (Path file : result.obsolete()) {
            Files.deleteIfExists(file);
        }
        for (Path file : result.setAside()) {
            Path kept = JournalFiles.setAside(file);
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            // Only a snapshot covers a file.
            Path cover = Objects.requireNonNull(result.report().snapshot(), "no snapshot");
            logger.warn(file.getFileName() + " is covered by " + cover.getFileName()
                    + " but cannot be read whole (as a repair leaves it when the power goes before it is set "
                    + "aside); nothing in it is needed, and it is kept as " + kept.getFileName());
        }
        this.damaged.addAll(result.damaged());
        this.writer.start(result.lastNumber(), result.liveBytes());
        return result.report();
    }

    /**
     * Flushes what is pending and releases the directory. The caller takes the last
     * snapshot first, when it wants one.
     */
    @Override
    public void close() throws IOException {
        if (this.background != null) {
            this.background.close();
        }
        try {
            this.writer.close();
        }
        finally {
            this.lock.close();
        }
    }

}
