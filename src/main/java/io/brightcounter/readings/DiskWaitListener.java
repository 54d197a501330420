package io.brightcounter.readings;

/**
 * Told, on a create's own thread, that the store has checked and journaled the create's
 * batch and now waits for the disk to make it durable (the journal's group write and
 * flush). Whatever bounds the requests in progress to spare the processor may let the
 * next one in meanwhile; after the wait the thread still applies the batch to the store
 * and answers.
 *
 * <p>
 * A store that has no such wait (or the in-memory store with its journal off) never calls
 * it; one without a listener calls {@link #NONE}.
 */
@FunctionalInterface
public interface DiskWaitListener {

    /** Listens to nothing. */
    DiskWaitListener NONE = () -> {
    };

    /** The calling thread's work is done but for the wait for the disk. */
    void waitingForDisk();

}
