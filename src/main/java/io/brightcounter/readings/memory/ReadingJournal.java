package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.UUID;

import io.brightcounter.readings.ReadingBatch;

/**
 * Where the in-memory store makes a batch durable before applying it. The store calls it
 * under the device's lock, after deduplication and the capacity check, with only the
 * readings that are new: a reading is journaled at most once, so replaying the journal in
 * any order rebuilds the same state.
 */
interface ReadingJournal {

    /** Memory only: nothing survives a restart (journal mode {@code off}). */
    ReadingJournal NONE = (deviceId, newReadings) -> {
    };

    /**
     * Returns once the readings are as durable as the journal's mode promises.
     * @throws IOException when they could not be written; the store then applies nothing
     * of the batch
     */
    void append(UUID deviceId, ReadingBatch newReadings) throws IOException;

}
