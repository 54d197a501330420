package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether the segment writer refuses appends, and why. When a write or flush fails, every
 * record of that group is refused, and the segment is cut back to its last good length so
 * that nothing of a refused batch comes back at the next start. Appends are then refused
 * until the writer has cut the segment, closed it and started a new one: the service
 * stays consistent and says so, rather than retrying a failing disk under every request.
 *
 * <p>
 * Guarded by the writer's mutex.
 */
final class WriteFaults {

    private static final Log logger = LogFactory.getLog(Journal.class);

    private final Path directory;

    /** Told once per write that fails, under the mutex: it must be quick (a counter). */
    private final Runnable writeFailed;

    private @Nullable IOException failure;

    WriteFaults(Path directory, Runnable writeFailed) {
        this.directory = directory;
        this.writeFailed = writeFailed;
    }

    /** Why appends are refused; null while they are taken. */
    @Nullable IOException failure() {
        return this.failure;
    }

    boolean refusing() {
        return this.failure != null;
    }

    /** Refuses an append while a failed write has not been recovered from. */
    void checkAppend() throws IOException {
        if (this.failure != null) {
            throw new IOException("journal unavailable since a write failed: " + this.failure.getMessage());
        }
    }

    /**
     * Enters the refusing state. The failed group's bytes may be partly in {@code file};
     * they are cut off at once, while the batches are being refused, so a restart does
     * not bring them back. Only a writer that takes appends gets here (a refusing one
     * writes nothing), so {@link #writeFailed} hears of each failed write once, not of
     * the appends refused after it.
     */
    void fail(IOException error, @Nullable SegmentFile file) {
        this.failure = error;
        this.writeFailed.run();
        logger.error("Journal write failed in " + this.directory.toAbsolutePath()
                + "; creates are refused with 503 until a write succeeds again", error);
        if (file != null) {
            try {
                file.cutBack();
            }
            catch (IOException ex) {
                // The writer cuts it before anything else is written, when it recovers.
            }
        }
    }

    /** Leaves the refusing state: a new segment took the place of the failed one. */
    void recovered() {
        this.failure = null;
        logger.info("Journal writes succeed again in " + this.directory.toAbsolutePath() + "; creates accepted");
    }

    /** Refuses every append from now on, failure or not. */
    void closed() {
        this.failure = new IOException("journal closed");
    }

}
