package io.brightcounter.readings.memory.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import io.brightcounter.readings.ReadingBatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's write-ahead journal: numbered segment files of checksummed batch
 * records, compacted now and then into a snapshot of the whole store. The design follows
 * the Prometheus TSDB (write-ahead log segments plus checkpoints) and Redis (append-only
 * file plus RDB snapshot).
 *
 * <p>
 * Files in the directory:
 * <ul>
 * <li>{@code segment-<n>.log}: batch records appended in order; a new segment starts at
 * each start, when the current one passes the segment size, and when a snapshot begins.
 * <li>{@code snapshot-<n>.snap}: the whole store, as it was at some moment after segment
 * {@code n} began. It covers every segment numbered below {@code n}, which are then
 * deleted.
 * <li>{@code journal.lock}: keeps a second process out.
 * </ul>
 *
 * <p>
 * <b>Group commit.</b> Appenders copy their framed record into the open group's buffer.
 * One that finds no write under way writes its group at once, with one system call and,
 * in {@code fsync} mode, one {@code fdatasync}; appenders arriving meanwhile fill the
 * next group, which its first member writes as soon as the write under way ends. Each
 * write wakes only the appenders whose records it holds ({@link GroupCommit}). The writer
 * is a request thread, not a dedicated flusher: an idle service then pays no hand-off
 * between threads for a lone request.
 *
 * <p>
 * <b>Faults.</b> When a write or flush fails, every record of that group is refused, and
 * the segment is cut back to its last good length so that nothing of a refused batch
 * comes back at the next start. The journal then refuses appends until
 * {@link #tryRecover()} has cut the segment, closed it and started a new one: the service
 * stays consistent and says so, rather than retrying a failing disk under every request.
 */
public final class Journal implements Closeable {

    private static final Log logger = LogFactory.getLog(Journal.class);

    /**
     * Segments of format 2: each group of records written together is one frame, with its
     * length and checksum, so that a group torn by a power loss reads as one bad frame
     * whichever of its sectors reached the disk.
     */
    static final byte[] SEGMENT_MAGIC = { 'B', 'C', 'J', 'R', 'N', 'L', '0', '2' };

    /** Segments of format 1: a frame per record. Read at start, no longer written. */
    static final byte[] SEGMENT_MAGIC_V1 = { 'B', 'C', 'J', 'R', 'N', 'L', '0', '1' };

    /**
     * A segment starts with its magic and its base instant: the epoch second it was begun
     * at.
     */
    static final int SEGMENT_HEADER = SEGMENT_MAGIC.length + 8;

    /**
     * Devices a segment numbers at most; a device past them is written with its full id
     * each time.
     */
    static final int MAX_DEVICE_REFS = 1 << 16;

    /**
     * Device reference codes: a device numbered by this record, one written in full, then
     * numbers from 2 on.
     */
    static final int NEW_DEVICE = 0;

    static final int FULL_DEVICE = 1;

    static final byte[] SNAPSHOT_MAGIC = { 'B', 'C', 'S', 'N', 'A', 'P', '0', '1' };

    /**
     * Snapshot record types: a device's state, and the closing record that proves the
     * file complete.
     */
    static final int SNAPSHOT_DATA = 1;

    static final int SNAPSHOT_END = 2;

    /**
     * Per-thread buffers larger than this are dropped after use, so one huge batch does
     * not pin memory.
     */
    private static final int SCRATCH_KEEP = 1 << 20;

    private static final ThreadLocal<RecordOutput[]> SCRATCH = ThreadLocal
        .withInitial(() -> new RecordOutput[] { new RecordOutput(256), new RecordOutput(256) });

    private final Path directory;

    private final JournalMode mode;

    private final boolean repair;

    private final long segmentBytes;

    private final JournalFileSystem files;

    private final JournalLock lock;

    private final ReentrantLock mutex = new ReentrantLock();

    // Guarded by mutex:

    private final GroupCommit commit = new GroupCommit(this.mutex);

    private @Nullable JournalChannel segment;

    private long segmentNumber;

    private long segmentSize;

    /**
     * How much of the current segment is known to be on the device: its size at the last
     * flush that succeeded.
     */
    private long forcedTo;

    /**
     * Whether the directory entry of a segment begun in {@code write} mode may not be on
     * the device yet.
     */
    private boolean directoryDirty;

    /** Flushes a {@code write}-mode journal once a second; null in {@code fsync} mode. */
    private final @Nullable BackgroundFlush background;

    /**
     * Devices numbered in the current segment, in order of first record. A device's first
     * record in a segment carries its 16-byte id, later ones its number (2 bytes for
     * 10,000 devices): a single-reading batch then takes about 14 bytes instead of 29.
     */
    private final HashMap<UUID, Integer> deviceRefs = new HashMap<>();

    /**
     * The current segment's base instant. A batch's first instant is written as its
     * distance from the base: 3 bytes for readings within days of the segment's start,
     * instead of 5.
     */
    private volatile long segmentBase;

    /**
     * Files recovery could read only in part, under repair: set aside by the next
     * snapshot, which holds what was read of them.
     */
    private final Set<Path> damaged = new HashSet<>();

    /** Set while the journal refuses appends; cleared by {@link #tryRecover()}. */
    private @Nullable IOException failure;

    /**
     * Record bytes in segments not yet covered by a snapshot (headers aside: an empty
     * journal needs none).
     */
    private volatile long liveBytes;

    private final Object snapshotLock = new Object();

    /**
     * Told each time a write fails and the journal starts refusing appends (see
     * {@link #fail}).
     */
    private final Runnable writeFailed;

    private final FlushListener flushed;

    private Journal(Path directory, JournalMode mode, boolean repair, long segmentBytes, JournalFileSystem files,
            Runnable writeFailed, FlushListener flushed, JournalLock lock) {
        this.directory = directory;
        this.mode = mode;
        this.repair = repair;
        this.segmentBytes = segmentBytes;
        this.files = files;
        this.writeFailed = writeFailed;
        this.flushed = flushed;
        this.lock = lock;
        this.background = (mode == JournalMode.WRITE) ? new BackgroundFlush(this::flushInBackground) : null;
    }

    /**
     * Takes the directory for this process: creates it if needed and locks it.
     * @throws JournalLockedException when another process holds it
     */
    public static Journal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files) throws IOException {
        return open(directory, mode, repair, segmentBytes, files, () -> {
        });
    }

    /**
     * Like {@link #open(Path, JournalMode, boolean, long, JournalFileSystem)};
     * {@code writeFailed} runs once per write that fails, not per append refused
     * afterwards. It runs under the journal's lock, so it must be quick (a counter).
     */
    public static Journal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files, Runnable writeFailed) throws IOException {
        return open(directory, mode, repair, segmentBytes, files, writeFailed, FlushListener.NONE);
    }

    /**
     * Like {@link #open(Path, JournalMode, boolean, long, JournalFileSystem, Runnable)};
     * {@code flushed} hears of every group written.
     */
    public static Journal open(Path directory, JournalMode mode, boolean repair, long segmentBytes,
            JournalFileSystem files, Runnable writeFailed, FlushListener flushed) throws IOException {
        if (mode == JournalMode.OFF) {
            throw new IllegalArgumentException("mode off keeps no journal");
        }
        Files.createDirectories(directory);
        return new Journal(directory, mode, repair, segmentBytes, files, writeFailed, flushed,
                JournalLock.acquire(directory));
    }

    /**
     * Bytes journaled since the last snapshot: when they pass the threshold, a snapshot
     * is due.
     */
    public long bytesSinceSnapshot() {
        return this.liveBytes;
    }

    public boolean failed() {
        this.mutex.lock();
        try {
            return this.failure != null;
        }
        finally {
            this.mutex.unlock();
        }
    }

    /** Records waiting in the open group for the write under way to end (for tests). */
    int waitingRecords() {
        this.mutex.lock();
        try {
            return this.commit.open().records();
        }
        finally {
            this.mutex.unlock();
        }
    }

    // ---- Appending ----

    /**
     * Appends the batch as one record and returns once it is as durable as the mode
     * promises.
     * @throws IOException when it could not be written; nothing of it is then in the
     * journal
     */
    public void append(UUID deviceId, ReadingBatch readings) throws IOException {
        RecordOutput[] scratch = SCRATCH.get();
        RecordOutput body = scratch[0];
        RecordOutput reference = scratch[1];
        body.clear();
        long base = this.segmentBase;
        encodeReadings(readings, base, body);
        GroupCommit.Group group;
        GroupCommit.Role role;
        this.mutex.lock();
        try {
            if (this.failure != null) {
                throw new IOException("journal unavailable since a write failed: " + this.failure.getMessage());
            }
            if (base != this.segmentBase) {
                // A new segment began meanwhile: rare, and the body is re-encoded for its
                // base.
                body.clear();
                encodeReadings(readings, this.segmentBase, body);
            }
            // The device's number is taken here, under the mutex, so numbers follow the
            // file's order.
            reference.clear();
            Integer number = this.deviceRefs.get(deviceId);
            if (number != null) {
                reference.putVarLong(number + 2L);
            }
            else if (this.deviceRefs.size() < MAX_DEVICE_REFS) {
                this.deviceRefs.put(deviceId, this.deviceRefs.size());
                reference.putVarLong(NEW_DEVICE).putUuid(deviceId);
            }
            else {
                reference.putVarLong(FULL_DEVICE).putUuid(deviceId);
            }
            group = this.commit.open();
            Records.appendRecord(reference, body, group.bytes());
            role = this.commit.join();
        }
        finally {
            this.mutex.unlock();
            if (body.size() > SCRATCH_KEEP) {
                SCRATCH.remove();
            }
        }
        if (role == GroupCommit.Role.WAIT) {
            GroupCommit.awaitDone(group);
        }
        else if (role == GroupCommit.Role.WRITE || GroupCommit.awaitTurn(group)) {
            GroupCommit.Group written = null;
            this.mutex.lock();
            try {
                written = writeOpenGroup(false, false);
            }
            finally {
                releaseWriter(written);
            }
        }
        IOException error = group.error();
        if (error != null) {
            throw new IOException("journal write failed: " + error.getMessage(), error);
        }
    }

    /**
     * A batch record: the device (see {@link #deviceRefs}), the number of readings, then
     * per reading the distance in seconds from the previous reading's instant (the first
     * from the segment's base), the offset and the count, each as a variable-length
     * integer. A reading of a device reporting every minute thus takes 3 bytes.
     */
    static void encodeReadings(ReadingBatch readings, long base, RecordOutput out) {
        out.putVarLong(readings.size());
        long previous = base;
        for (int i = 0; i < readings.size(); i++) {
            long instant = readings.epochSecond(i);
            out.putSignedVarLong(instant - previous);
            out.putOffset(readings.offsetSeconds(i));
            out.putVarLong(readings.count(i));
            previous = instant;
        }
    }

    /**
     * Takes the open group and writes it; in {@code fsync} mode, or when {@code force} is
     * set, flushes the segment as well. With {@code rollover} (or when the group fills
     * the segment) the next segment begins right after. Called by the holder of the
     * writer role with the mutex held; lets the mutex go during the I/O. Returns the
     * group, done, for the caller to wake its members.
     */
    private GroupCommit.Group writeOpenGroup(boolean force, boolean rollover) {
        GroupCommit.Group group = this.commit.take();
        if (this.failure != null) {
            // A group that filled while the previous one failed: the segment is not to be
            // trusted.
            this.commit.complete(group, this.failure);
            return group;
        }
        RecordOutput bytes = group.bytes();
        // This group fills the segment: records appended from now on are numbered for
        // the next one, which is opened once this group is written, before any of them.
        boolean last = rollover || this.segmentSize + bytes.size() >= this.segmentBytes;
        if (last) {
            beginEncodingFor(System.currentTimeMillis() / 1000);
        }
        boolean flush = force || (this.mode == JournalMode.FSYNC && !group.isEmpty());
        // A journal that refuses no writes has a segment open.
        JournalChannel channel = Objects.requireNonNull(this.segment, "no segment open");
        // What of the segment is on the device as this frame is written: a bad frame
        // below it, with this one intact, is damage rather than a torn last write.
        long durable = this.forcedTo;
        this.mutex.unlock();
        IOException error = null;
        int written = 0;
        long start = System.nanoTime();
        try {
            if (!group.isEmpty()) {
                int from = Records.frameGroup(bytes, durable);
                written = bytes.size() - from;
                channel.write(ByteBuffer.wrap(bytes.array(), from, written));
            }
            if (flush) {
                channel.force();
            }
        }
        catch (IOException ex) {
            error = ex;
        }
        catch (RuntimeException ex) {
            error = new IOException(ex);
        }
        finally {
            if (error == null && !group.isEmpty()) {
                this.flushed.flushed(group.records(), System.nanoTime() - start);
            }
            this.mutex.lock();
        }
        if (error == null) {
            this.segmentSize += written;
            this.liveBytes += written;
            if (flush) {
                this.forcedTo = this.segmentSize;
            }
            this.commit.complete(group, null);
            if (last) {
                try {
                    openSegment(this.segmentNumber + 1);
                }
                catch (IOException ex) {
                    fail(ex);
                }
            }
        }
        else {
            fail(error);
            this.commit.complete(group, error);
        }
        return group;
    }

    /**
     * Gives the writer role up and lets the mutex go, then wakes the members of the group
     * written (if any) and the next group's leader.
     */
    private void releaseWriter(GroupCommit.@Nullable Group written) {
        Thread next = this.commit.release();
        this.mutex.unlock();
        if (written != null) {
            written.wake();
        }
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    /**
     * Enters the refusing state. The failed group's bytes may be partly in the file; they
     * are cut off at once, while the batches are being refused, so a restart does not
     * bring them back. Only a journal that takes writes gets here (a refusing one writes
     * nothing), so {@link #writeFailed} hears of each failed write once, not of the
     * appends refused after it.
     */
    private void fail(IOException error) {
        this.failure = error;
        this.writeFailed.run();
        logger.error("Journal write failed in " + this.directory.toAbsolutePath()
                + "; creates are refused with 503 until a write succeeds again", error);
        if (this.segment != null) {
            try {
                this.segment.truncate(this.segmentSize);
            }
            catch (IOException ex) {
                // tryRecover() cuts it before anything else is written.
            }
        }
    }

    /**
     * Leaves the refusing state if the disk takes writes again: cuts the failed segment
     * back to its last good length, closes it and starts a new segment. Returns whether
     * the journal takes appends now.
     */
    public boolean tryRecover() {
        GroupCommit.Group refused = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            if (this.failure == null) {
                return true;
            }
            // Records that joined before the failure are numbered for the failed segment:
            // they are refused with it, never written into the next one.
            refused = this.commit.take();
            this.commit.complete(refused, this.failure);
            if (this.segment != null) {
                this.segment.truncate(this.segmentSize);
                this.segment.force();
                this.segment.close();
                this.segment = null;
            }
            startSegment(this.segmentNumber + 1);
            this.failure = null;
            logger.info("Journal writes succeed again in " + this.directory.toAbsolutePath() + "; creates accepted");
            return true;
        }
        catch (IOException ex) {
            logger.debug("Journal still failing", ex);
            return false;
        }
        finally {
            releaseWriter(refused);
        }
    }

    /**
     * Closes the current segment, if any, and starts segment {@code number}. Called with
     * the mutex held and no flush under way, so no record is between the two.
     */
    private void startSegment(long number) throws IOException {
        beginEncodingFor(System.currentTimeMillis() / 1000);
        openSegment(number);
    }

    /**
     * From now on, records are encoded for a new segment with this base: no device
     * numbered yet.
     */
    private void beginEncodingFor(long base) {
        this.deviceRefs.clear();
        this.segmentBase = base;
    }

    /**
     * Closes the current segment, if any, and opens segment {@code number} with the
     * current base.
     */
    private void openSegment(long number) throws IOException {
        if (this.segment != null) {
            JournalChannel old = this.segment;
            this.segment = null;
            try {
                if (this.mode == JournalMode.WRITE && this.forcedTo < this.segmentSize) {
                    // Only the newest segment may hold what a power loss can take: the
                    // background flush sees the current segment only.
                    old.force();
                }
            }
            finally {
                old.close();
            }
        }
        Path path = segmentPath(number);
        long base = this.segmentBase;
        JournalChannel channel = this.files.create(path);
        try {
            channel.write(ByteBuffer.allocate(SEGMENT_HEADER).put(SEGMENT_MAGIC).putLong(base).flip());
            if (this.mode == JournalMode.FSYNC) {
                channel.force();
                syncDirectory();
            }
            else {
                this.directoryDirty = true;
            }
        }
        catch (IOException ex) {
            // A segment without its header would read as damage at the next start.
            channel.close();
            Files.deleteIfExists(path);
            throw ex;
        }
        // The number is taken once the segment exists: a failed attempt (a full disk)
        // leaves it for the next one.
        this.segmentNumber = number;
        this.segment = channel;
        this.segmentSize = SEGMENT_HEADER;
        this.forcedTo = (this.mode == JournalMode.FSYNC) ? SEGMENT_HEADER : 0;
    }

    /**
     * In {@code write} mode, once a second: writes the open group, if any, and flushes
     * the segment (and its directory entry, for a new segment) to the device. A failed
     * flush fails the journal as a failed write does: after a failed {@code fsync} the
     * file is not to be trusted.
     */
    void flushInBackground() {
        GroupCommit.Group written = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            if (this.failure != null || this.segment == null) {
                return;
            }
            if (this.forcedTo < this.segmentSize || !this.commit.open().isEmpty()) {
                written = writeOpenGroup(true, false);
            }
            if (this.directoryDirty && this.failure == null) {
                syncDirectory();
                this.directoryDirty = false;
            }
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("Journal background flush of the directory failed; tried again in a second", ex);
        }
        finally {
            releaseWriter(written);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    // ---- Snapshots ----

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
            long covered = rotate();
            Path temp = this.directory.resolve(String.format("snapshot-%016d.snap.tmp", covered));
            Files.deleteIfExists(temp);
            long size;
            try (JournalChannel channel = this.files.create(temp)) {
                SnapshotOutput output = new SnapshotOutput(channel);
                output.header();
                contents.writeTo(output);
                output.finish();
                channel.force();
                size = channel.size();
            }
            catch (IOException | RuntimeException ex) {
                Files.deleteIfExists(temp);
                throw ex;
            }
            Path target = this.directory.resolve(String.format("snapshot-%016d.snap", covered));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            deleteCoveredBy(covered);
            syncDirectory();
            return size;
        }
    }

    /** Starts a new segment after writing out what is pending; returns its number. */
    private long rotate() throws IOException {
        GroupCommit.Group written = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            if (this.failure != null) {
                throw new IOException("journal is refusing writes", this.failure);
            }
            written = writeOpenGroup(false, true);
            if (this.failure != null) {
                throw new IOException("journal could not start a new segment", this.failure);
            }
            return this.segmentNumber;
        }
        finally {
            releaseWriter(written);
        }
    }

    /**
     * Deletes the files the snapshot covers, once it is durable; files that recovery
     * could read only in part are set aside as {@code <name>.damaged} instead, for
     * inspection.
     */
    private void deleteCoveredBy(long covered) throws IOException {
        JournalRecovery.Inventory inventory = JournalRecovery.Inventory.of(this.directory);
        List<Path> files = new ArrayList<>(inventory.segments().headMap(covered).values());
        files.addAll(inventory.snapshots().headMap(covered).values());
        long deleted = 0;
        for (Path file : files) {
            boolean damagedFile;
            this.mutex.lock();
            try {
                damagedFile = this.damaged.remove(file);
            }
            finally {
                this.mutex.unlock();
            }
            if (damagedFile) {
                Path kept = file.resolveSibling(file.getFileName() + ".damaged");
                Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
                logger.warn("Set " + file.getFileName() + " aside as " + kept.getFileName()
                        + ": a snapshot now holds what could be read of it");
                continue;
            }
            if (file.getFileName().toString().endsWith(".log")) {
                deleted += Math.max(0, Files.size(file) - SEGMENT_HEADER);
            }
            Files.delete(file);
        }
        this.mutex.lock();
        try {
            this.liveBytes -= deleted;
        }
        finally {
            this.mutex.unlock();
        }
    }

    /**
     * Writes snapshot records through a 1 MiB buffer, framed and checksummed like journal
     * records.
     */
    public static final class SnapshotOutput {

        private final JournalChannel channel;

        private final RecordOutput record = new RecordOutput(4096);

        private final RecordOutput buffer = new RecordOutput(1 << 20);

        private long records;

        SnapshotOutput(JournalChannel channel) {
            this.channel = channel;
        }

        /**
         * Starts a record: the returned output is cleared, ready for the record's
         * contents.
         */
        public RecordOutput startRecord() {
            this.record.clear();
            this.record.putByte(SNAPSHOT_DATA);
            return this.record;
        }

        /** Ends the record started last. */
        public void endRecord() throws IOException {
            Records.frame(this.record, this.buffer);
            this.records++;
            if (this.buffer.size() >= (1 << 20)) {
                drain();
            }
            if (this.record.size() > SCRATCH_KEEP) {
                this.record.clear();
            }
        }

        void header() {
            this.buffer.putBytes(SNAPSHOT_MAGIC, 0, SNAPSHOT_MAGIC.length);
        }

        void finish() throws IOException {
            this.record.clear();
            this.record.putByte(SNAPSHOT_END).putVarLong(this.records);
            Records.frame(this.record, this.buffer);
            drain();
        }

        private void drain() throws IOException {
            this.channel.write(ByteBuffer.wrap(this.buffer.array(), 0, this.buffer.size()));
            this.buffer.clear();
        }

    }

    // ---- Recovery ----

    /**
     * Receives what the files hold, in order: the snapshot's records, then the segments'
     * batches.
     */
    public interface Replay {

        /** One record the store wrote with {@link SnapshotOutput}. */
        void snapshotRecord(RecordInput record);

        /** One journaled batch: readings that were new when it was acknowledged. */
        void batch(UUID deviceId, ReadingBatch readings);

    }

    /**
     * What recovery read and what it dropped.
     *
     * @param snapshot the snapshot loaded, or {@code null}
     * @param segments segment files replayed
     * @param batches batch records replayed
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
    public RecoveryReport recover(Replay replay) throws IOException {
        JournalRecovery.Result result = new JournalRecovery(this.directory, this.repair).run(replay);
        for (Path file : result.obsolete()) {
            Files.deleteIfExists(file);
        }
        for (Path file : result.setAside()) {
            Path kept = file.resolveSibling(file.getFileName() + ".damaged");
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            // Only a snapshot covers a file.
            Path cover = Objects.requireNonNull(result.report().snapshot(), "no snapshot");
            logger.warn(file.getFileName() + " is covered by " + cover.getFileName()
                    + " but cannot be read whole (as a repair leaves it when the power goes before it is set "
                    + "aside); nothing in it is needed, and it is kept as " + kept.getFileName());
        }
        this.mutex.lock();
        try {
            this.damaged.addAll(result.damaged());
            this.liveBytes = result.liveBytes();
            this.segmentNumber = result.lastNumber();
            try {
                startSegment(this.segmentNumber + 1);
            }
            catch (IOException ex) {
                // What was read is served; appends are refused, as after a failed write,
                // until tryRecover() can start the segment.
                fail(new IOException("could not start " + segmentPath(this.segmentNumber + 1).getFileName()
                        + " after recovery: " + ex.getMessage(), ex));
            }
        }
        finally {
            this.mutex.unlock();
        }
        return result.report();
    }

    private Path segmentPath(long number) {
        return this.directory.resolve(String.format("segment-%016d.log", number));
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
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            // Every group that joined gets its answer: written, or refused if the
            // journal is failing. Appenders check for a failure before they join, so
            // none joins once "closed" is set below.
            if (this.segment == null && this.failure == null) {
                this.failure = new IOException("journal closed");
            }
            while (!this.commit.open().isEmpty()) {
                writeOpenGroup(false, false).wake();
            }
            if (this.segment != null) {
                if (this.failure == null) {
                    this.segment.force();
                }
                this.segment.close();
                this.segment = null;
            }
            this.failure = new IOException("journal closed");
        }
        finally {
            releaseWriter(null);
            this.lock.close();
        }
    }

}
