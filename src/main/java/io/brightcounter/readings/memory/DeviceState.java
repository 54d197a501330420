package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.ReadingPage;
import io.brightcounter.readings.Series;
import io.brightcounter.readings.StorageFullException;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.StoredReading;
import io.brightcounter.readings.memory.journal.RecordOutput;
import org.jspecify.annotations.Nullable;

/**
 * One device's readings. Writers hold the monitor; readers take the {@code totals}
 * snapshot, which a batch replaces once, after all of its readings are in: a reader sees
 * a batch entirely or not at all without ever taking the lock.
 *
 * <p>
 * A device enters the map before its first batch, so that two first batches of one device
 * meet at one lock and the second finds the first's readings as duplicates (two private
 * states would each take room for the same readings, and each journal them). When the
 * first batch fails, the state is retired and leaves the map: no empty device stays
 * behind, and a batch that waited for its lock starts again with a new one.
 */
final class DeviceState {

    /** What {@link #delete} answers for a state retired before it took the lock. */
    static final long RETIRED = -2;

    /** What {@link #delete} answers for a device with no readings. */
    static final long NOT_FOUND = -1;

    private final InstantSet instants;

    private volatile @Nullable DeviceTotals totals;

    /** Guarded by the monitor; read by the thread that just left it. */
    private boolean retired;

    DeviceState(InstantSet instants) {
        this.instants = instants;
    }

    /** A device as a snapshot recorded it. */
    DeviceState(InstantSet instants, DeviceTotals totals) {
        this.instants = instants;
        this.totals = totals;
    }

    /**
     * The device's totals, replaced once per batch; {@code null} while its first batch is
     * under way or once it is retired.
     */
    @Nullable DeviceTotals totals() {
        return this.totals;
    }

    /**
     * Plans, reserves, journals, applies. The plan finds the readings that are new and
     * checks the sum without changing anything; room is reserved for those readings
     * alone; the journal gets them (and only them, so that replaying it in any order
     * rebuilds the same state); then they go in. Whatever fails on the way, an
     * {@code Error} included, the device's instants and totals and the readings counted
     * are left as they were before the batch; of the bytes, only what preparing it left
     * and the device still holds (a grown table) stays counted.
     * @return what was stored, or {@code null} when the device was retired before the
     * lock was taken and the batch must go to the device's new state
     */
    synchronized @Nullable AddResult add(UUID deviceId, ReadingBatch readings, StorageCapacity capacity,
            ReadingJournal journal) {
        if (this.retired) {
            return null;
        }
        try {
            return addPlanned(deviceId, readings, capacity, journal);
        }
        finally {
            if (this.totals == null) {
                this.retired = true;
            }
        }
    }

    /** Applies readings at start (see the store's {@code replay}). */
    synchronized void replay(ReadingBatch readings, StorageCapacity capacity) {
        BatchPlan plan = BatchPlan.of(readings, this.instants, this.totals);
        long[] newInstants = plan.newInstants();
        if (newInstants.length > 0) {
            // A device counts no bytes until its first batch is in, as in add.
            long countedBefore = (this.totals != null) ? bytes() : 0;
            ReadingBatch fresh = plan.newReadings(readings);
            InstantSet.Growth growth = this.instants.plan(newInstants);
            this.instants.prepare(newInstants, growth);
            this.instants.addAll(fresh);
            this.instants.commit(growth);
            this.totals = plan.totalsAfter();
            capacity.reserveRegardless(bytes() - countedBefore, newInstants.length);
        }
    }

    /**
     * Writes this device's snapshot record; {@code false} for a device whose first batch
     * is under way.
     */
    synchronized boolean writeTo(UUID deviceId, RecordOutput out) {
        if (this.totals == null) {
            return false;
        }
        StoreSnapshotCodec.writeDevice(out, deviceId, this.instants, this.totals);
        return true;
    }

    synchronized @Nullable ReadingPage readings(long from, long to, int limit) {
        if (this.totals == null) {
            return null;
        }
        List<StoredReading> found = new ArrayList<>(Math.min(limit + 1, 1024));
        this.instants.forEach(from, to, (instant, offsetSeconds, count) -> {
            found.add(new StoredReading(instant, offsetSeconds, count));
            return found.size() <= limit;
        });
        return ReadingPage.of(found, limit);
    }

    synchronized @Nullable Series series(long from, long to, long step, int buckets) {
        if (this.totals == null) {
            return null;
        }
        Series series = Series.empty(buckets);
        this.instants.series(from, to, step, series.sums(), series.readings());
        return series;
    }

    /**
     * Journals the deletion, then retires this state and gives back its room.
     * @return the readings deleted, {@link #NOT_FOUND} or {@link #RETIRED}
     */
    synchronized long delete(UUID deviceId, StorageCapacity capacity, ReadingJournal journal) {
        if (this.retired) {
            return RETIRED;
        }
        DeviceTotals before = this.totals;
        if (before == null) {
            return NOT_FOUND;
        }
        try {
            journal.append(deviceId, ReadingJournal.deletion());
        }
        catch (IOException ex) {
            throw new StoreUnavailableException(StoreUnavailableException.Kind.JOURNAL,
                    "Journal cannot write: " + ex.getMessage(), ex);
        }
        forget(capacity);
        return before.readings();
    }

    /** Retires this state and gives back the room it held. */
    synchronized void forget(StorageCapacity capacity) {
        if (this.totals != null) {
            capacity.release(bytes(), this.instants.size());
        }
        this.totals = null;
        this.retired = true;
    }

    /**
     * Read by the thread that has just left {@link #add}, which sees every write made
     * under the lock before.
     */
    boolean isRetired() {
        return this.retired;
    }

    private AddResult addPlanned(UUID deviceId, ReadingBatch readings, StorageCapacity capacity,
            ReadingJournal journal) {
        DeviceTotals before = this.totals;
        BatchPlan plan = BatchPlan.of(readings, this.instants, before);
        long[] fresh = plan.newInstants();
        if (fresh.length == 0) {
            return new AddResult(0, readings.size(), plan.conflicts());
        }
        // Built before anything changes, so that nothing is left to allocate once
        // readings are in.
        AddResult result = new AddResult(fresh.length, readings.size() - fresh.length, plan.conflicts());
        ReadingBatch freshReadings = plan.newReadings(readings);
        InstantSet.Growth growth = this.instants.plan(fresh);
        long countedBefore = (before != null) ? bytes() : 0;
        long reserved = InMemoryDeviceReadingStore.DEVICE_BYTES + growth.bytesAfter() - countedBefore;
        if (!capacity.tryReserve(reserved, fresh.length)) {
            throw new StorageFullException();
        }
        long sizeBefore = this.instants.size();
        try {
            this.instants.prepare(fresh, growth);
            journal.append(deviceId, freshReadings);
        }
        catch (IOException ex) {
            giveBack(capacity, reserved, fresh.length, countedBefore);
            throw new StoreUnavailableException(StoreUnavailableException.Kind.JOURNAL,
                    "Journal cannot write: " + ex.getMessage(), ex);
        }
        catch (Throwable ex) {
            giveBack(capacity, reserved, fresh.length, countedBefore);
            throw ex;
        }
        try {
            this.instants.addAll(freshReadings);
        }
        catch (Throwable ex) {
            try {
                this.instants.undo(fresh, sizeBefore);
            }
            catch (Throwable undoFailure) {
                ex.addSuppressed(undoFailure);
            }
            giveBack(capacity, reserved, fresh.length, countedBefore);
            throw ex;
        }
        this.instants.commit(growth);
        this.totals = plan.totalsAfter();
        // Zero when the set grew as planned; counts the heap held, whatever the plan
        // said.
        capacity.adjustBytes(bytes() - countedBefore - reserved);
        return result;
    }

    /**
     * Returns a failed batch's reservation. A device that stays keeps what preparing the
     * batch left (a grown table, a changed layout), so that heap is counted; a first
     * batch's device is retired and takes nothing.
     */
    private void giveBack(StorageCapacity capacity, long reserved, int readings, long countedBefore) {
        capacity.release(reserved, readings);
        if (countedBefore > 0) {
            capacity.adjustBytes(bytes() - countedBefore);
        }
    }

    /** The heap this device takes in the store. */
    long bytes() {
        return InMemoryDeviceReadingStore.DEVICE_BYTES + this.instants.bytes();
    }

}
