package io.brightcounter.readings.memory.journal;

/** What a {@code 201} promises about the new readings of a batch. */
public enum JournalMode {

    /** On disk: flushed with fsync before the answer; survives a crash of the machine. */
    FSYNC,

    /**
     * Handed to the operating system before the answer; survives a crash of the process.
     */
    WRITE,

    /** Memory only: nothing survives a restart. */
    OFF

}
