package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.RecordOutput;
import io.brightcounter.system.ApiError;
import io.brightcounter.system.BrightCounterProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Keeps readings in this process's heap.
 *
 * <p>Each device has its own state and its own lock, so devices never wait for each other.
 * Without a journal, a device enters the map only with a batch already applied, built privately
 * first: a failed batch or a read never leaves an empty device behind. With one, see {@link #add}.
 */
@Component
@ConditionalOnProperty(name = "bright-counter.store", havingValue = "memory", matchIfMissing = true)
public class InMemoryDeviceReadingStore implements DeviceReadingStore {

    /**
     * Heap one stored reading may take in the worst case: a device holding a single reading
     * (measured with JOL: see {@code MemoryProbe}), with a margin. Dense devices take 3 bytes.
     */
    static final long WORST_CASE_BYTES_PER_READING = 400;

    /** Share of the maximum heap that stored readings may fill; the rest serves requests. */
    static final double HEAP_SHARE = 0.5;

    private final ConcurrentHashMap<UUID, DeviceState> devices = new ConcurrentHashMap<>();

    private final StorageCapacity capacity;

    private final ReadingJournal journal;

    /** A store with no limit but the heap's, for benchmarks and tests. */
    public InMemoryDeviceReadingStore() {
        this(Long.MAX_VALUE);
    }

    public InMemoryDeviceReadingStore(long maxStoredReadings) {
        this(maxStoredReadings, ReadingJournal.NONE);
    }

    InMemoryDeviceReadingStore(long maxStoredReadings, ReadingJournal journal) {
        this.capacity = new StorageCapacity(maxStoredReadings);
        this.journal = journal;
    }

    @Autowired
    InMemoryDeviceReadingStore(BrightCounterProperties properties, StoreJournal journal) {
        this((properties.maxStoredReadings() != null) ? properties.maxStoredReadings()
                : defaultCapacity(Runtime.getRuntime().maxMemory()), journal.appender());
    }

    /** The capacity that keeps even the costliest readings within half the heap. */
    static long defaultCapacity(long maxHeapBytes) {
        return Math.max(1, (long) (maxHeapBytes * HEAP_SHARE) / WORST_CASE_BYTES_PER_READING);
    }

    /**
     * Stores the batch, all or nothing.
     * @throws io.brightcounter.system.ApiException {@code COUNT_OVERFLOW}, or {@code STORAGE_FULL}
     * when the new readings would pass the capacity (duplicates take none)
     */
    @Override
    public AddResult add(UUID deviceId, ReadingBatch readings) {
        if (this.journal != ReadingJournal.NONE) {
            // Journaled batches are applied to the one state in the map: a batch journaled for a
            // private state that then lost the race to create the device would be a record of
            // readings the store never applied as journaled. Readers skip a device that is still empty.
            DeviceState state = this.devices.computeIfAbsent(deviceId, (id) -> new DeviceState());
            int stored = state.add(readings, this.capacity, deviceId, this.journal);
            return new AddResult(stored, readings.size() - stored, 0);
        }
        DeviceState state = this.devices.get(deviceId);
        if (state == null) {
            DeviceState created = new DeviceState();
            int stored = created.add(readings, this.capacity, deviceId, ReadingJournal.NONE);
            state = this.devices.putIfAbsent(deviceId, created);
            if (state == null) {
                return new AddResult(stored, readings.size() - stored, 0);
            }
            // Another request created the device first: give back what ours took and apply there.
            this.capacity.release(created.instants.size());
        }
        int stored = state.add(readings, this.capacity, deviceId, ReadingJournal.NONE);
        return new AddResult(stored, readings.size() - stored, 0);
    }

    /** Readings stored, for monitoring. */
    public long storedReadings() {
        return this.capacity.used();
    }

    /** Readings the store may hold at most. */
    public long maxStoredReadings() {
        return this.capacity.limit();
    }

    /** Devices with stored readings, for monitoring. */
    public int devices() {
        return this.devices.size();
    }

    @Override
    public Optional<DeviceTotals> totals(UUID deviceId) {
        DeviceState state = this.devices.get(deviceId);
        return (state != null) ? Optional.ofNullable(state.totals) : Optional.empty();
    }

    /** Puts back a device as a snapshot recorded it; capacity is taken even past the limit. */
    void restore(UUID deviceId, DeviceState state) {
        this.devices.put(deviceId, state);
        this.capacity.reserveRegardless(state.instants.size());
    }

    /**
     * Applies a journaled batch again at start, without journaling it. Idempotent: the journal
     * holds only readings that were new when acknowledged, so a reading whose instant is already
     * stored (from the snapshot, or from another record) is the very same reading and is skipped.
     */
    void replay(UUID deviceId, ReadingBatch readings) {
        DeviceState state = this.devices.computeIfAbsent(deviceId, (id) -> new DeviceState());
        this.capacity.reserveRegardless(state.replay(readings));
    }

    /**
     * Writes every device to the snapshot, one at a time under its lock: each device's record is
     * consistent, the whole is fuzzy, which the snapshot's replay rule makes harmless.
     */
    void writeSnapshot(Journal.SnapshotOutput output) throws IOException {
        for (Map.Entry<UUID, DeviceState> device : this.devices.entrySet()) {
            if (device.getValue().writeTo(device.getKey(), output.startRecord())) {
                output.endRecord();
            }
        }
    }

    /**
     * One device's readings. Writers hold the monitor; readers take the {@code totals} snapshot,
     * which a batch replaces once, after all of its readings are in: a reader sees a batch
     * entirely or not at all without ever taking the lock.
     */
    static final class DeviceState {

        private final InstantSet instants;

        private volatile DeviceTotals totals;

        DeviceState() {
            this(new InstantSet());
        }

        private DeviceState(InstantSet instants) {
            this.instants = instants;
        }

        /**
         * Applies the batch. In the common case the batch's counts cannot overflow the sum and
         * room for all of its readings can be reserved up front: the readings go straight in
         * and unused room is given back. Otherwise the instants added are tracked, so that a
         * batch that overflows, or turns out not to fit, is taken out before anyone sees it.
         */
        /** Returns how many readings were stored. */
        synchronized int add(ReadingBatch readings, StorageCapacity capacity, UUID deviceId, ReadingJournal journal) {
            DeviceTotals before = this.totals;
            long sum = (before != null) ? before.cumulativeCount() : 0;
            long latest = (before != null) ? before.latestEpochSecond() : Long.MIN_VALUE;
            long earliest = (before != null) ? before.earliestEpochSecond() : Long.MAX_VALUE;
            int size = readings.size();
            boolean careful = mayOverflow(sum, readings) || !capacity.tryReserve(size);
            boolean journaled = journal != ReadingJournal.NONE;
            boolean[] added = (careful || journaled) ? new boolean[size] : null;
            int addedCount = 0;
            int latestIndex = -1;
            int earliestIndex = -1;
            for (int i = 0; i < size; i++) {
                long instant = readings.epochSecond(i);
                if (!this.instants.add(instant)) {
                    continue;
                }
                addedCount++;
                long count = readings.count(i);
                if (added != null) {
                    added[i] = true;
                }
                if (careful) {
                    if (sum > Long.MAX_VALUE - count) {
                        undo(readings, added, i);
                        throw ApiError.COUNT_OVERFLOW.exception();
                    }
                }
                sum += count;
                if (instant > latest) {
                    latest = instant;
                    latestIndex = i;
                }
                if (instant < earliest) {
                    earliest = instant;
                    earliestIndex = i;
                }
            }
            if (!careful) {
                capacity.release(size - addedCount);
            }
            else if (!capacity.tryReserve(addedCount)) {
                undo(readings, added, size - 1);
                throw ApiError.STORAGE_FULL.exception();
            }
            if (journaled && addedCount > 0) {
                try {
                    journal.append(deviceId, newReadings(readings, added, addedCount));
                }
                catch (IOException ex) {
                    undo(readings, added, size - 1);
                    capacity.release(addedCount);
                    throw ApiError.SERVICE_UNAVAILABLE.exception();
                }
            }
            if (addedCount > 0) {
                int latestOffset = (latestIndex >= 0) ? readings.offsetSeconds(latestIndex) : before.latestOffsetSeconds();
                int earliestOffset = (earliestIndex >= 0) ? readings.offsetSeconds(earliestIndex)
                        : before.earliestOffsetSeconds();
                this.totals = new DeviceTotals(sum, this.instants.size(), latest, latestOffset, earliest,
                        earliestOffset);
            }
            return addedCount;
        }

        private static ReadingBatch newReadings(ReadingBatch readings, boolean[] added, int addedCount) {
            if (addedCount == readings.size()) {
                return readings;
            }
            ReadingBatch fresh = new ReadingBatch();
            for (int i = 0; i < readings.size(); i++) {
                if (added[i]) {
                    fresh.add(readings.count(i), new Timestamp(readings.epochSecond(i), readings.offsetSeconds(i)));
                }
            }
            return fresh;
        }

        /** A device as a snapshot recorded it. */
        static DeviceState restored(InstantSet instants, DeviceTotals totals) {
            DeviceState state = new DeviceState(instants);
            state.totals = totals;
            return state;
        }

        /**
         * Applies journaled readings at start: no capacity check (they were acknowledged), no
         * journal, and a reading whose instant is present is skipped (see {@code replay} of the store).
         * Returns how many were new.
         */
        synchronized int replay(ReadingBatch readings) {
            DeviceTotals before = this.totals;
            long sum = (before != null) ? before.cumulativeCount() : 0;
            long latest = (before != null) ? before.latestEpochSecond() : Long.MIN_VALUE;
            int latestOffset = (before != null) ? before.latestOffsetSeconds() : 0;
            long earliest = (before != null) ? before.earliestEpochSecond() : Long.MAX_VALUE;
            int earliestOffset = (before != null) ? before.earliestOffsetSeconds() : 0;
            int added = 0;
            for (int i = 0; i < readings.size(); i++) {
                long instant = readings.epochSecond(i);
                if (!this.instants.add(instant)) {
                    continue;
                }
                added++;
                sum += readings.count(i);
                if (instant > latest) {
                    latest = instant;
                    latestOffset = readings.offsetSeconds(i);
                }
                if (instant < earliest) {
                    earliest = instant;
                    earliestOffset = readings.offsetSeconds(i);
                }
            }
            if (added > 0) {
                this.totals = new DeviceTotals(sum, this.instants.size(), latest, latestOffset, earliest, earliestOffset);
            }
            return added;
        }

        /** Writes this device's snapshot record; {@code false} for a device still empty. */
        synchronized boolean writeTo(UUID deviceId, RecordOutput out) {
            if (this.totals == null) {
                return false;
            }
            StoreSnapshotCodec.writeDevice(out, deviceId, this.instants, this.totals);
            return true;
        }

        private static boolean mayOverflow(long sum, ReadingBatch readings) {
            long bound = sum;
            for (int i = 0; i < readings.size(); i++) {
                long count = readings.count(i);
                if (bound > Long.MAX_VALUE - count) {
                    return true;
                }
                bound += count;
            }
            return false;
        }

        private void undo(ReadingBatch readings, boolean[] added, int last) {
            for (int i = 0; i <= last; i++) {
                if (added[i]) {
                    this.instants.remove(readings.epochSecond(i));
                }
            }
        }

    }

}
