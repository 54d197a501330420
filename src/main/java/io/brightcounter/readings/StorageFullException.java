package io.brightcounter.readings;

/**
 * The store has no room for the batch's new readings: nothing of it was stored. Readings
 * already stored (duplicates) still take none, so such a batch is not refused.
 */
public class StorageFullException extends RuntimeException {

    public StorageFullException() {
        // No stack trace: once full, every new reading ends here.
        super("Storage capacity reached", null, false, false);
    }

}
