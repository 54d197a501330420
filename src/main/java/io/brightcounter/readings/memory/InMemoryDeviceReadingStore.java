package io.brightcounter.readings.memory;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.Timestamp;
import io.brightcounter.system.ApiError;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Keeps readings in this process's heap.
 *
 * <p>Each device has its own state and its own lock, so devices never wait for each other. A
 * device enters the map only with a batch already applied, built privately first: a failed batch
 * or a read never leaves an empty device behind.
 */
@Component
@ConditionalOnProperty(name = "bright-counter.store", havingValue = "memory", matchIfMissing = true)
public class InMemoryDeviceReadingStore implements DeviceReadingStore {

    private final ConcurrentHashMap<UUID, DeviceState> devices = new ConcurrentHashMap<>();

    @Override
    public void add(UUID deviceId, ReadingBatch readings) {
        DeviceState state = this.devices.get(deviceId);
        if (state == null) {
            DeviceState created = new DeviceState();
            created.add(readings);
            state = this.devices.putIfAbsent(deviceId, created);
            if (state == null) {
                return;
            }
        }
        state.add(readings);
    }

    @Override
    public Optional<DeviceTotals> totals(UUID deviceId) {
        DeviceState state = this.devices.get(deviceId);
        return (state != null) ? Optional.of(state.totals) : Optional.empty();
    }

    /**
     * One device's readings. Writers hold the monitor; readers take the {@code totals} snapshot,
     * which a batch replaces once, after all of its readings are in: a reader sees a batch
     * entirely or not at all without ever taking the lock.
     */
    static final class DeviceState {

        private final InstantSet instants = new InstantSet();

        private volatile DeviceTotals totals;

        synchronized void add(ReadingBatch readings) {
            DeviceTotals before = this.totals;
            long sum = (before != null) ? before.cumulativeCount() : 0;
            Timestamp latest = (before != null) ? before.latest() : null;
            int size = readings.size();
            boolean[] added = new boolean[size];
            int latestIndex = -1;
            for (int i = 0; i < size; i++) {
                long instant = readings.epochSecond(i);
                if (!this.instants.add(instant)) {
                    continue;
                }
                added[i] = true;
                long count = readings.count(i);
                if (sum > Long.MAX_VALUE - count) {
                    undo(readings, added, i);
                    throw ApiError.COUNT_OVERFLOW.exception();
                }
                sum += count;
                if ((latest == null || instant > latest.epochSecond())
                        && (latestIndex < 0 || instant > readings.epochSecond(latestIndex))) {
                    latestIndex = i;
                }
            }
            if (latestIndex >= 0) {
                latest = new Timestamp(readings.epochSecond(latestIndex), readings.offsetSeconds(latestIndex));
            }
            if (before == null || sum != before.cumulativeCount() || latest != before.latest()) {
                this.totals = new DeviceTotals(sum, latest);
            }
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
