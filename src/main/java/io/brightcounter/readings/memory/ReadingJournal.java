package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;

/**
 * Where the in-memory store makes a batch durable before applying it. The store calls it
 * under the device's lock, after deduplication and the capacity check, with only the
 * readings that are new: a reading is journaled at most once, so replaying a device's
 * records in their order rebuilds the same state.
 *
 * <p>
 * A batch with no readings records the device's deletion: a create never journals an
 * empty batch, so the batch record serves for both without a new record type. Replayed in
 * its place among the device's batches, after whatever a snapshot taken meanwhile holds
 * of the device, it leaves the device as it was when each record was written.
 */
interface ReadingJournal {

    /** Memory only: nothing survives a restart (journal mode {@code off}). */
    ReadingJournal NONE = (deviceId, newReadings) -> {
    };

    /** The batch that records a device's deletion. */
    static ReadingBatch deletion() {
        return new ReadingBatch();
    }

    /**
     * Returns once the readings are as durable as the journal's mode promises.
     * @throws IOException when they could not be written; the store then applies nothing
     * of the batch
     */
    void append(UUID deviceId, ReadingBatch newReadings) throws IOException;

}
