package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.ConditionalOnStore;
import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.ReadingPage;
import io.brightcounter.readings.Series;
import io.brightcounter.readings.StorageFullException;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.memory.journal.SnapshotOutput;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps readings in this process's heap, and hands each batch's new readings to a
 * {@link ReadingJournal} before applying them.
 *
 * <p>
 * Each device has its own state and its own lock, so devices never wait for each other;
 * they meet only at the capacity counters, with a compare-and-set per batch. Capacity is
 * counted in heap bytes of the store's own structures ({@code max-stored-bytes}), each
 * device knowing what it takes without walking itself, and optionally in readings
 * ({@code max-stored-readings}).
 */
@Component
@ConditionalOnStore(BrightCounterProperties.Store.MEMORY)
public class InMemoryDeviceReadingStore implements DeviceReadingStore {

    /**
     * Share of the maximum heap the store's structures may fill by default; the rest
     * serves requests.
     */
    static final double HEAP_SHARE = 0.5;

    /**
     * Heap a device takes besides its instant set: its state and totals objects, its map
     * entry and key, and its share of the map's table (as JOL measures them; see
     * InstantSet for the set).
     */
    static final long DEVICE_BYTES = 24 + 56 + 32 + 32 + 8;

    private final ConcurrentHashMap<UUID, DeviceState> devices = new ConcurrentHashMap<>();

    private final StorageCapacity capacity;

    private final ReadingJournal journal;

    private final Supplier<InstantSet> newInstantSet;

    /**
     * The store the application runs: bounded as the settings say, journaled when a
     * journal is configured.
     */
    @Autowired
    public InMemoryDeviceReadingStore(BrightCounterProperties properties, ObjectProvider<ReadingJournal> journal) {
        this((properties.maxStoredBytes() != null) ? properties.maxStoredBytes().toBytes()
                : defaultMaxStoredBytes(Runtime.getRuntime().maxMemory()),
                (properties.maxStoredReadings() != null) ? properties.maxStoredReadings() : StorageCapacity.UNLIMITED,
                journal.getIfAvailable(() -> ReadingJournal.NONE), InstantSet::new);
    }

    /**
     * A store bounded by heap bytes and readings ({@link StorageCapacity#UNLIMITED} for
     * none) whose devices keep their instants in sets from {@code newInstantSet} (tests
     * inject faults there).
     */
    private InMemoryDeviceReadingStore(long maxStoredBytes, long maxStoredReadings, ReadingJournal journal,
            Supplier<InstantSet> newInstantSet) {
        this.capacity = new StorageCapacity(maxStoredBytes, maxStoredReadings);
        this.journal = journal;
        this.newInstantSet = newInstantSet;
    }

    /** A store with no limit but the heap's and no journal, for benchmarks and tests. */
    public static InMemoryDeviceReadingStore unbounded() {
        return forTesting(StorageCapacity.UNLIMITED);
    }

    /**
     * A store without a journal that holds at most {@code maxStoredReadings} readings,
     * whatever heap they take.
     */
    public static InMemoryDeviceReadingStore forTesting(long maxStoredReadings) {
        return forTesting(maxStoredReadings, ReadingJournal.NONE);
    }

    /** As {@link #forTesting(long)}, writing new readings to {@code journal}. */
    static InMemoryDeviceReadingStore forTesting(long maxStoredReadings, ReadingJournal journal) {
        return forTesting(StorageCapacity.UNLIMITED, maxStoredReadings, journal, InstantSet::new);
    }

    /** Every limit and part chosen by the caller; see the private constructor. */
    static InMemoryDeviceReadingStore forTesting(long maxStoredBytes, long maxStoredReadings, ReadingJournal journal,
            Supplier<InstantSet> newInstantSet) {
        return new InMemoryDeviceReadingStore(maxStoredBytes, maxStoredReadings, journal, newInstantSet);
    }

    static long defaultMaxStoredBytes(long maxHeapBytes) {
        return Math.max(1, (long) (maxHeapBytes * HEAP_SHARE));
    }

    /**
     * Stores the batch, all or nothing.
     * @throws CountOverflowException as {@link DeviceReadingStore#add} says
     * @throws StorageFullException when the new readings would pass the capacity
     * (duplicates take none)
     * @throws StoreUnavailableException of kind {@code JOURNAL} when the journal cannot
     * write them
     */
    @Override
    public AddResult add(UUID deviceId, ReadingBatch readings) {
        // Each pass either stores the batch or finds the device retired by a first batch
        // that
        // failed while this one waited for its lock: a failed request per pass, so passes
        // end.
        while (true) {
            DeviceState state = this.devices.get(deviceId);
            if (state == null) {
                state = this.devices.computeIfAbsent(deviceId, (id) -> new DeviceState(this.newInstantSet.get()));
            }
            try {
                AddResult result = state.add(deviceId, readings, this.capacity, this.journal);
                if (result != null) {
                    return result;
                }
            }
            finally {
                if (state.isRetired()) {
                    this.devices.remove(deviceId, state);
                }
            }
        }
    }

    /** Readings stored, for monitoring. */
    public long storedReadings() {
        return this.capacity.usedReadings();
    }

    /**
     * Readings the store may hold at most; {@link Long#MAX_VALUE} when only bytes bound
     * it.
     */
    public long maxStoredReadings() {
        return this.capacity.maxReadings();
    }

    /** Heap the store's structures take, as the store counts it, for monitoring. */
    public long storedBytes() {
        return this.capacity.usedBytes();
    }

    /** Heap the store's structures may take at most. */
    public long maxStoredBytes() {
        return this.capacity.maxBytes();
    }

    /** How full the store is, from 0 to 1, by whichever limit is nearer. */
    public double fillRatio() {
        return this.capacity.fillRatio();
    }

    /** Devices with stored readings, for monitoring. */
    public int deviceCount() {
        return this.devices.size();
    }

    @Override
    public Optional<DeviceTotals> totals(UUID deviceId) {
        DeviceState state = this.devices.get(deviceId);
        // A device's first batch may still be under way: it has no totals until that
        // batch is in.
        return (state != null) ? Optional.ofNullable(state.totals()) : Optional.empty();
    }

    /**
     * Reads under the device's lock, so that a page never shows part of a batch; a read
     * waits for at most the batch under way.
     */
    @Override
    public Optional<ReadingPage> readings(UUID deviceId, long fromEpochSecond, long toEpochSecond, int limit) {
        DeviceState state = this.devices.get(deviceId);
        return (state != null) ? Optional.ofNullable(state.readings(fromEpochSecond, toEpochSecond, limit))
                : Optional.empty();
    }

    @Override
    public Optional<Series> series(UUID deviceId, long fromEpochSecond, long toEpochSecond, long stepSeconds,
            int buckets) {
        DeviceState state = this.devices.get(deviceId);
        return (state != null) ? Optional.ofNullable(state.series(fromEpochSecond, toEpochSecond, stepSeconds, buckets))
                : Optional.empty();
    }

    /**
     * Journals the deletion and retires the device's state under its lock: a batch that
     * waited for that lock starts again on a new state, as after a failed first batch, so
     * it lands after the deletion, and one that held it first is deleted with the rest.
     * @throws StoreUnavailableException of kind {@code JOURNAL} when the journal cannot
     * write the deletion; the device stays as it was
     */
    @Override
    public OptionalLong delete(UUID deviceId) {
        while (true) {
            DeviceState state = this.devices.get(deviceId);
            if (state == null) {
                return OptionalLong.empty();
            }
            long deleted;
            try {
                deleted = state.delete(deviceId, this.capacity, this.journal);
            }
            finally {
                if (state.isRetired()) {
                    this.devices.remove(deviceId, state);
                }
            }
            if (deleted != DeviceState.RETIRED) {
                return (deleted == DeviceState.NOT_FOUND) ? OptionalLong.empty() : OptionalLong.of(deleted);
            }
        }
    }

    /**
     * Puts back a device as a snapshot recorded it; capacity is taken even past the
     * limit.
     */
    void restore(UUID deviceId, InstantSet instants, DeviceTotals totals) {
        DeviceState state = new DeviceState(instants, totals);
        this.devices.put(deviceId, state);
        this.capacity.reserveRegardless(state.bytes(), instants.size());
    }

    /**
     * Applies a journaled batch again at start, without journaling it and whatever the
     * capacity (its readings were acknowledged). Idempotent: the journal holds only
     * readings that were new when acknowledged, so a reading whose instant is already
     * stored (from the snapshot, or from another record) is the very same reading and is
     * skipped.
     */
    void replay(UUID deviceId, ReadingBatch readings) {
        if (readings.size() == 0) {
            // The journal's record of a deletion (see ReadingJournal).
            DeviceState deleted = this.devices.remove(deviceId);
            if (deleted != null) {
                deleted.forget(this.capacity);
            }
            return;
        }
        DeviceState state = this.devices.computeIfAbsent(deviceId, (id) -> new DeviceState(this.newInstantSet.get()));
        state.replay(readings, this.capacity);
    }

    /**
     * Writes every device to the snapshot, one at a time under its lock: each device's
     * record is consistent, the whole is fuzzy, which the replay rule above makes
     * harmless.
     */
    void writeSnapshot(SnapshotOutput output) throws IOException {
        for (Map.Entry<UUID, DeviceState> device : this.devices.entrySet()) {
            if (device.getValue().writeTo(device.getKey(), output.startRecord())) {
                output.endRecord();
            }
        }
    }

}
