package io.brightcounter.readings.memory.journal;

import java.nio.file.Path;

/**
 * A journal or snapshot file is damaged somewhere other than at the very end of the
 * journal, where a crash cuts the last record short. Starting anyway would silently lose
 * acknowledged readings, so the start stops unless the operator asks for repair.
 */
public class JournalDamagedException extends IllegalStateException {

    private final Path file;

    private final long offset;

    JournalDamagedException(Path file, long offset, String reason) {
        super("Journal file " + file.toAbsolutePath() + " is damaged at offset " + offset + " (" + reason
                + "). Nothing was changed. To start anyway with everything that is intact, skipping what is damaged "
                + "(the damaged files are set aside as .damaged once a snapshot of the rest is on disk), set "
                + "bright-counter.journal.repair=true.");
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return this.file;
    }

    public long offset() {
        return this.offset;
    }

}
