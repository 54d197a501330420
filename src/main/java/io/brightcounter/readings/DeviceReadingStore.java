package io.brightcounter.readings;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where readings are kept. Implementations dedupe readings by instant per device, keeping
 * the first one stored, and apply each batch all or nothing: no reader ever sees part of
 * a batch.
 */
public interface DeviceReadingStore {

    /**
     * Stores the readings of one device; readings whose instant is already stored for the
     * device, or appears earlier in the batch, are ignored.
     * @throws CountOverflowException when the device's cumulative count would exceed
     * {@link Long#MAX_VALUE}; nothing of the batch is stored then
     */
    AddResult add(UUID deviceId, ReadingBatch readings);

    /**
     * The device's totals, or empty when it has no stored readings. Never creates a
     * device.
     */
    Optional<DeviceTotals> totals(UUID deviceId);

    /**
     * The totals of each listed device that has stored readings; the others are absent
     * from the map. Each device's totals are from one state of that device, as
     * {@link #totals(UUID)} gives them; the devices are not read as one snapshot of the
     * whole store. Never creates a device. The default asks for each device in turn,
     * which suits a store where that is a map lookup; a store behind a network answers
     * all of them in one round trip.
     */
    default Map<UUID, DeviceTotals> totals(Collection<UUID> deviceIds) {
        Map<UUID, DeviceTotals> found = new HashMap<>(deviceIds.size() * 4 / 3 + 1);
        for (UUID deviceId : deviceIds) {
            totals(deviceId).ifPresent((totals) -> found.put(deviceId, totals));
        }
        return found;
    }

    /**
     * Up to {@code limit} readings of the device from {@code fromEpochSecond} (inclusive)
     * to {@code toEpochSecond} (exclusive), and the first one after them; empty when the
     * device has no stored readings at all. One state of the device: never part of a
     * batch.
     */
    Optional<ReadingPage> readings(UUID deviceId, long fromEpochSecond, long toEpochSecond, int limit);

    /**
     * The device's readings from {@code fromEpochSecond} to {@code toEpochSecond} in
     * {@code buckets} buckets of {@code stepSeconds} (the last one cut at the end); empty
     * when the device has no stored readings at all. One state of the device.
     */
    Optional<Series> series(UUID deviceId, long fromEpochSecond, long toEpochSecond, long stepSeconds, int buckets);

    /**
     * Removes the device and all its readings, durably before it returns, as if it had
     * never been seen; linearizable with creates of the device.
     * @return how many readings were removed; empty when the device had none
     * @throws StoreUnavailableException when the removal could not be made durable;
     * nothing is removed then
     */
    OptionalLong delete(UUID deviceId);

}
