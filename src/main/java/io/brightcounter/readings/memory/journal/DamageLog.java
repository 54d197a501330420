package io.brightcounter.readings.memory.journal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What recovery found damaged. Without repair the first damage stops the start; with it,
 * each loss is written down and its file is set aside once a snapshot covers it.
 */
final class DamageLog {

    private final boolean repair;

    private final List<String> dropped = new ArrayList<>();

    private final Set<Path> files = new LinkedHashSet<>();

    DamageLog(boolean repair) {
        this.repair = repair;
    }

    /**
     * Damage at an offset of a file; {@code skipped} says what of it is not read.
     * @throws JournalDamagedException without repair
     */
    void damaged(Path file, long offset, String reason, String skipped) {
        if (!this.repair) {
            throw new JournalDamagedException(file, offset, reason);
        }
        this.files.add(file);
        this.dropped.add(file.getFileName() + ": damaged at offset " + offset + " (" + reason + "); " + skipped
                + " is dropped. The file is set aside as " + file.getFileName()
                + ".damaged once a snapshot of what was read is on disk");
    }

    boolean contains(Path file) {
        return this.files.contains(file);
    }

    List<String> dropped() {
        return List.copyOf(this.dropped);
    }

    List<Path> files() {
        return List.copyOf(this.files);
    }

    /** Why a record's contents could not be read, in words. */
    static String describe(RuntimeException ex) {
        if (ex instanceof BufferUnderflowException || ex instanceof IndexOutOfBoundsException) {
            return "the record ends before its contents do";
        }
        return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /** A read that failed, naming the file. */
    static IOException unreadable(Path file, IOException ex) {
        if (ex.getMessage() != null && ex.getMessage().contains(file.toAbsolutePath().toString())) {
            return ex;
        }
        return new IOException("Could not read journal file " + file.toAbsolutePath() + ": " + ex.getMessage(), ex);
    }

    /** Where a file stops being readable, and why. */
    record Damage(long offset, String reason) {
    }

}
