package io.brightcounter.readings.memory.journal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Flushes a {@code write}-mode journal to the device once a second, on a thread of its
 * own, as Redis does with {@code appendfsync everysec}: requests never wait for the disk,
 * and a power loss costs at most about the last second. The thread is not the one that
 * takes snapshots, so a long snapshot does not stretch that second.
 */
final class BackgroundFlush implements AutoCloseable {

    static final long INTERVAL_MILLIS = 1000;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread flusher = new Thread(task, "journal-flush");
        flusher.setDaemon(true);
        return flusher;
    });

    BackgroundFlush(Runnable flush) {
        // At a fixed rate: a slow flush is followed at once by the next, not a second
        // later.
        this.thread.scheduleAtFixedRate(flush, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops flushing; a flush under way ends first. */
    @Override
    public void close() {
        // Not shutdownNow: an interrupt would close the segment's FileChannel under it.
        this.thread.shutdown();
        try {
            this.thread.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
