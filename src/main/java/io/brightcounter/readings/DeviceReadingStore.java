package io.brightcounter.readings;

import java.util.Optional;
import java.util.UUID;

/**
 * Where readings are kept. Implementations dedupe readings by instant per device, keeping the
 * first one stored, and apply each batch all or nothing: no reader ever sees part of a batch.
 */
public interface DeviceReadingStore {

    /**
     * Stores the readings of one device; readings whose instant is already stored for the device,
     * or appears earlier in the batch, are ignored.
     * @throws io.brightcounter.system.ApiException {@code COUNT_OVERFLOW} when the device's
     * cumulative count would exceed {@link Long#MAX_VALUE}; nothing of the batch is stored then
     */
    AddResult add(UUID deviceId, ReadingBatch readings);

    /** The device's totals, or empty when it has no stored readings. Never creates a device. */
    Optional<DeviceTotals> totals(UUID deviceId);

}
