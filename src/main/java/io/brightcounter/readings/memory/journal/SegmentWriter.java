package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Appends records to the newest segment with group commit, starts segments, and refuses
 * appends after a failed write until the disk takes writes again.
 *
 * <p>
 * <b>Group commit.</b> Appenders copy their record into the open group's buffer; whoever
 * holds the writer role writes a whole group with one system call and, in {@code fsync}
 * mode, one {@code fdatasync}, and wakes only that group's members ({@link GroupCommit}
 * says who writes and who waits). The writer is a request thread, not a dedicated
 * flusher: an idle service then pays no hand-off between threads for a lone request.
 *
 * <p>
 * <b>Faults.</b> A write or flush that fails refuses its group and every append after it
 * ({@link WriteFaults}) until {@link #tryRecover()} has cut the failed segment back,
 * closed it and started a new one.
 *
 * @param <E> what one record holds
 */
final class SegmentWriter<E> {

    private static final Log logger = LogFactory.getLog(Journal.class);

    /**
     * Per-thread buffers larger than this are dropped after use, so one huge batch does
     * not pin memory.
     */
    private static final int SCRATCH_KEEP = 1 << 20;

    private static final ThreadLocal<RecordOutput[]> SCRATCH = ThreadLocal
        .withInitial(() -> new RecordOutput[] { new RecordOutput(256), new RecordOutput(256) });

    private final JournalMode mode;

    private final long segmentBytes;

    private final RecordCodec<E> codec;

    private final FlushListener flushed;

    private final ReentrantLock mutex = new ReentrantLock();

    // Guarded by mutex:

    private final GroupCommit commit = new GroupCommit(this.mutex);

    private final SegmentSequence<E> segments;

    /** Set while appends are refused; cleared by {@link #tryRecover()}. */
    private final WriteFaults faults;

    /**
     * Record bytes in segments not yet covered by a snapshot (headers aside: an empty
     * journal needs none).
     */
    private volatile long liveBytes;

    SegmentWriter(Path directory, JournalMode mode, long segmentBytes, JournalFileSystem files, RecordCodec<E> codec,
            Runnable writeFailed, FlushListener flushed) {
        this.mode = mode;
        this.segmentBytes = segmentBytes;
        this.codec = codec;
        this.faults = new WriteFaults(directory, writeFailed);
        this.flushed = flushed;
        this.segments = new SegmentSequence<>(directory, files, mode, codec);
    }

    long liveBytes() {
        return this.liveBytes;
    }

    /** Segments holding this many record bytes were deleted: a snapshot covers them. */
    void segmentsDeleted(long recordBytes) {
        this.mutex.lock();
        try {
            this.liveBytes -= recordBytes;
        }
        finally {
            this.mutex.unlock();
        }
    }

    boolean failed() {
        this.mutex.lock();
        try {
            return this.faults.refusing();
        }
        finally {
            this.mutex.unlock();
        }
    }

    /** Records waiting in the open group for the write under way to end. */
    int waitingRecords() {
        this.mutex.lock();
        try {
            return this.commit.open().records();
        }
        finally {
            this.mutex.unlock();
        }
    }

    /**
     * Starts writing after recovery read the directory: the next segment is numbered
     * after {@code lastNumber}. A disk that takes no file leaves appends refused, as
     * after a failed write, until {@link #tryRecover()} can start the segment.
     */
    void start(long lastNumber, long recoveredBytes) {
        this.mutex.lock();
        try {
            this.liveBytes = recoveredBytes;
            this.segments.foundUpTo(lastNumber);
            try {
                this.segments.encodeForNext();
                this.segments.openNext();
            }
            catch (IOException ex) {
                fail(new IOException("could not start " + this.segments.nextPath().getFileName() + " after recovery: "
                        + ex.getMessage(), ex));
            }
        }
        finally {
            this.mutex.unlock();
        }
    }

    /**
     * Appends the entry as one record and returns once it is as durable as the mode
     * promises.
     * @throws IOException when it could not be written; nothing of it is then in the
     * journal
     */
    void append(E entry) throws IOException {
        RecordOutput[] scratch = SCRATCH.get();
        RecordOutput body = scratch[0];
        RecordOutput key = scratch[1];
        body.clear();
        long base = this.segments.base();
        this.codec.encodeBody(entry, base, body);
        GroupCommit.Group group;
        GroupCommit.Role role;
        this.mutex.lock();
        try {
            this.faults.checkAppend();
            if (base != this.segments.base()) {
                // A new segment began meanwhile: rare, and the body is encoded again for
                // its base.
                body.clear();
                this.codec.encodeBody(entry, this.segments.base(), body);
            }
            // The key is encoded here, under the mutex, so numbers follow the file's
            // order.
            key.clear();
            this.segments.keys().encodeKey(entry, key);
            group = this.commit.open();
            Records.appendRecord(key, body, group.bytes());
            role = this.commit.join();
        }
        finally {
            this.mutex.unlock();
            if (body.size() > SCRATCH_KEEP) {
                SCRATCH.remove();
            }
        }
        try {
            this.flushed.awaitingFlush();
        }
        catch (RuntimeException ex) {
            // The record is in a group whatever the listener does: the group must still
            // be written, and its writer role handed on.
            logger.warn("Journal flush listener failed", ex);
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
     * Takes the open group and writes it; in {@code fsync} mode, or when {@code force} is
     * set, flushes the segment as well. With {@code rollover} (or when the group fills
     * the segment) the next segment begins right after. Called by the holder of the
     * writer role with the mutex held; lets the mutex go during the I/O. Returns the
     * group, done, for the caller to wake its members.
     */
    private GroupCommit.Group writeOpenGroup(boolean force, boolean rollover) {
        GroupCommit.Group group = this.commit.take();
        SegmentFile file = this.segments.current();
        IOException failure = this.faults.failure();
        if (failure != null || file == null) {
            // A group that filled while the previous one failed: the segment is not to be
            // trusted. (Without a failure every segment is open but before recovery.)
            this.commit.complete(group, (failure != null) ? failure : new IOException("no segment open"));
            return group;
        }
        RecordOutput bytes = group.bytes();
        // This group fills the segment: records appended from now on are encoded for the
        // next one, which is opened once this group is written, before any of them.
        boolean last = rollover || file.size() + bytes.size() >= this.segmentBytes;
        if (last) {
            this.segments.encodeForNext();
        }
        boolean flush = force || (this.mode == JournalMode.FSYNC && !group.isEmpty());
        JournalChannel channel = file.channel();
        // What of the segment is on the device as this frame is written: a bad frame
        // below it, with this one intact, is damage rather than a torn last write.
        long durable = file.forcedTo();
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
            file.written(written, flush);
            this.liveBytes += written;
            this.commit.complete(group, null);
            if (last) {
                try {
                    this.segments.openNext();
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

    private void fail(IOException error) {
        this.faults.fail(error, this.segments.current());
    }

    /**
     * Leaves the refusing state if the disk takes writes again: cuts the failed segment
     * back to its last good length, closes it and starts a new segment. Returns whether
     * appends are taken now.
     */
    boolean tryRecover() {
        GroupCommit.Group refused = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            IOException failure = this.faults.failure();
            if (failure == null) {
                return true;
            }
            // Records that joined before the failure are encoded for the failed segment:
            // they are refused with it, never written into the next one.
            refused = this.commit.take();
            this.commit.complete(refused, failure);
            // The failed segment stays the current one until it is cut back and on the
            // device: a cut that fails is tried again at the next attempt, before any
            // record goes into a newer segment.
            SegmentFile failed = this.segments.current();
            if (failed != null) {
                failed.cutBack();
                failed.channel().force();
                this.segments.detach();
                failed.close(false);
            }
            this.segments.encodeForNext();
            this.segments.openNext();
            this.faults.recovered();
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
     * Writes out what is pending and starts a new segment, for a snapshot to cover every
     * segment before it; returns its number.
     */
    long rotate() throws IOException {
        GroupCommit.Group written = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            if (this.faults.refusing()) {
                throw new IOException("journal is refusing writes", this.faults.failure());
            }
            written = writeOpenGroup(false, true);
            if (this.faults.refusing()) {
                throw new IOException("journal could not start a new segment", this.faults.failure());
            }
            return this.segments.number();
        }
        finally {
            releaseWriter(written);
        }
    }

    /**
     * In {@code write} mode, once a second: writes the open group, if any, and flushes
     * the segment (and its directory entry, for a new segment) to the device. A failed
     * flush fails the writer as a failed write does: after a failed {@code fsync} the
     * file is not to be trusted.
     */
    void flushInBackground() {
        GroupCommit.Group written = null;
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            SegmentFile current = this.segments.current();
            if (this.faults.refusing() || current == null) {
                return;
            }
            if (current.unflushed() || !this.commit.open().isEmpty()) {
                written = writeOpenGroup(true, false);
            }
            SegmentFile file = this.segments.current();
            if (file != null && !this.faults.refusing()) {
                file.syncDirectoryEntry();
            }
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("Journal background flush of the directory failed; tried again in a second", ex);
        }
        finally {
            releaseWriter(written);
        }
    }

    /**
     * Writes what is pending, flushes and closes the segment; appends are refused from
     * then on.
     */
    void close() throws IOException {
        this.mutex.lock();
        try {
            this.commit.acquireExclusive();
            // Every group that joined gets its answer: written, or refused if the writer
            // is failing. Appenders check for a failure before they join, so none joins
            // once "closed" is set below.
            if (this.segments.current() == null && !this.faults.refusing()) {
                this.faults.closed();
            }
            while (!this.commit.open().isEmpty()) {
                writeOpenGroup(false, false).wake();
            }
            SegmentFile last = this.segments.detach();
            if (last != null) {
                try {
                    if (!this.faults.refusing()) {
                        last.channel().force();
                        last.syncDirectoryEntry();
                    }
                }
                finally {
                    last.close(false);
                }
            }
        }
        finally {
            // Closed whatever failed on the way: appends are refused from now on.
            this.faults.closed();
            releaseWriter(null);
        }
    }

}
