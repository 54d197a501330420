package io.brightcounter.readings.memory;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
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

        /**
         * Applies the batch. When the counts of the whole batch cannot overflow the sum, as is
         * almost always the case, the readings go straight in; otherwise the instants added are
         * tracked so that an overflowing batch can be taken out again before anyone sees it.
         */
        synchronized void add(ReadingBatch readings) {
            DeviceTotals before = this.totals;
            long sum = (before != null) ? before.cumulativeCount() : 0;
            long latest = (before != null) ? before.latestEpochSecond() : Long.MIN_VALUE;
            int size = readings.size();
            boolean[] added = mayOverflow(sum, readings) ? new boolean[size] : null;
            int latestIndex = -1;
            for (int i = 0; i < size; i++) {
                long instant = readings.epochSecond(i);
                if (!this.instants.add(instant)) {
                    continue;
                }
                long count = readings.count(i);
                if (added != null) {
                    added[i] = true;
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
            }
            if (latestIndex >= 0) {
                this.totals = new DeviceTotals(sum, latest, readings.offsetSeconds(latestIndex));
            }
            else if (before != null && sum != before.cumulativeCount()) {
                this.totals = new DeviceTotals(sum, before.latestEpochSecond(), before.latestOffsetSeconds());
            }
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
