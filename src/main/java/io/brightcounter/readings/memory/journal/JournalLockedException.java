package io.brightcounter.readings.memory.journal;

import java.nio.file.Path;

/**
 * The journal directory belongs to another running process: this one must not start on
 * it.
 */
public class JournalLockedException extends IllegalStateException {

    JournalLockedException(Path directory, String owner) {
        super("Journal directory " + directory.toAbsolutePath() + " is in use by " + owner + " (it holds the lock on "
                + JournalLock.FILE_NAME + "). Two processes must never share a journal: stop the other one, or give "
                + "this one its own bright-counter.journal.dir.");
    }

}
