package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Who writes the open group of records, and who waits for which write: the bookkeeping of
 * group commit, apart from what a write does.
 *
 * <p>
 * One thread at a time holds the writer role. An appender that finds it free takes it and
 * writes its own group at once (a lone request waits for nobody). One that finds it held
 * joins the open group: the first to join becomes the group's leader, the others its
 * waiters. Everyone who arrives while a write is under way thus shares the next one. When
 * a write ends, its holder wakes only the members of the group it wrote, and hands the
 * role to the leader of the group that filled meanwhile: no thread is woken to find its
 * group still open, and no request pays a round trip through the mutex to learn it is
 * done. Waiting is by {@link LockSupport#park}, outside the mutex, so the woken members
 * of a group do not queue for the lock the next group's appenders need.
 *
 * <p>
 * Work that must not overlap a write (starting a segment, a flush in the background,
 * recovery from a fault, closing) takes the role with {@link #acquireExclusive()}: it
 * gets the role before the next group's leader, and the leader waits for it.
 *
 * <p>
 * Everything but {@link #awaitTurn} and {@link #awaitDone} is called with the journal's
 * mutex held.
 */
final class GroupCommit {

    /** What an appender does once its record is in the open group. */
    enum Role {

        /** Takes the open group and writes it now. */
        WRITE,

        /** Waits until the write under way ends, then writes the group. */
        LEAD,

        /** Waits until the group is written. */
        WAIT

    }

    /**
     * Group buffers larger than this are dropped after use, so one huge group does not
     * pin memory.
     */
    private static final int KEEP_BYTES = 4 << 20;

    private static final int INITIAL_BYTES = 64 << 10;

    private final Condition exclusiveTurn;

    private boolean writing;

    private int exclusiveWaiting;

    private Group open;

    private @Nullable RecordOutput spare = new RecordOutput(INITIAL_BYTES);

    GroupCommit(ReentrantLock mutex) {
        this.exclusiveTurn = mutex.newCondition();
        this.open = new Group(new RecordOutput(INITIAL_BYTES));
    }

    /** The group records are added to now. */
    Group open() {
        return this.open;
    }

    /** Counts the caller's record, just added to the open group, and says what to do. */
    Role join() {
        Group group = this.open;
        group.records++;
        if (!this.writing && this.exclusiveWaiting == 0) {
            this.writing = true;
            return Role.WRITE;
        }
        if (group.leader == null) {
            group.leader = Thread.currentThread();
            return Role.LEAD;
        }
        group.waiters.add(Thread.currentThread());
        return Role.WAIT;
    }

    /**
     * Takes the open group for writing; an empty one opens in its place. Only the holder
     * of the writer role calls it, so a group's leader finds its own group still open.
     */
    Group take() {
        Group group = this.open;
        RecordOutput bytes = (this.spare != null) ? this.spare : new RecordOutput(INITIAL_BYTES);
        this.spare = null;
        this.open = new Group(bytes);
        return group;
    }

    /**
     * Marks a taken group written ({@code error} null) or refused, and keeps its buffer
     * for a later group. Its members are woken by {@link Group#wake()}, after the mutex.
     */
    void complete(Group group, @Nullable IOException error) {
        group.error = error;
        group.done = true;
        RecordOutput bytes = group.bytes;
        bytes.clear();
        if (this.spare == null && bytes.array().length <= KEEP_BYTES) {
            this.spare = bytes;
        }
    }

    /**
     * Waits for the writer role ahead of any group's leader (the mutex is let go while
     * waiting).
     */
    void acquireExclusive() {
        this.exclusiveWaiting++;
        try {
            while (this.writing) {
                this.exclusiveTurn.awaitUninterruptibly();
            }
        }
        finally {
            this.exclusiveWaiting--;
        }
        this.writing = true;
    }

    /**
     * Gives the writer role up: to exclusive work waiting for it, else to the leader of
     * the open group. Returns the thread to wake once the mutex is let go, or null.
     */
    @Nullable Thread release() {
        if (this.exclusiveWaiting > 0) {
            this.writing = false;
            this.exclusiveTurn.signal();
            return null;
        }
        Group next = this.open;
        if (next.leader != null) {
            // Every group with records has a leader: the first to join it found the role
            // held.
            next.turn = true;
            return next.leader;
        }
        this.writing = false;
        return null;
    }

    /**
     * A leader waits here, without the mutex, until its group is done (written by
     * exclusive work) or it is its turn to write it. Returns whether it must write it.
     */
    static boolean awaitTurn(Group group) {
        boolean interrupted = false;
        while (!group.done && !group.turn) {
            LockSupport.park(group);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !group.done;
    }

    /** A waiter waits here, without the mutex, until its group is done. */
    static void awaitDone(Group group) {
        boolean interrupted = false;
        while (!group.done) {
            LockSupport.park(group);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A group of records written and flushed together, and who waits for it. */
    static final class Group {

        private final RecordOutput bytes;

        private int records;

        private @Nullable Thread leader;

        private final List<Thread> waiters = new ArrayList<>();

        private volatile boolean turn;

        private @Nullable IOException error;

        /** Written after {@link #error}, read before it: the volatile publishes it. */
        private volatile boolean done;

        Group(RecordOutput bytes) {
            this.bytes = bytes;
            bytes.clear();
            bytes.reserve(Records.GROUP_HEADER);
        }

        /**
         * The group's records, after room for its frame header; added to under the mutex
         * while it is open.
         */
        RecordOutput bytes() {
            return this.bytes;
        }

        int records() {
            return this.records;
        }

        boolean isEmpty() {
            return this.records == 0;
        }

        /** Why the group was refused, once done; null when it was written. */
        @Nullable IOException error() {
            return this.error;
        }

        /** Wakes the group's members, once it is done; call it without the mutex. */
        void wake() {
            if (this.leader != null) {
                LockSupport.unpark(this.leader);
            }
            for (Thread waiter : this.waiters) {
                LockSupport.unpark(waiter);
            }
        }

    }

}
