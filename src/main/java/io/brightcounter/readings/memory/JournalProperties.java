package io.brightcounter.readings.memory;

import java.nio.file.Path;

import io.brightcounter.config.Settings;
import io.brightcounter.readings.memory.journal.JournalMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code bright-counter.journal.*}: how the in-memory store survives
 * restarts.
 *
 * @param mode what a {@code 201} promises: {@code fsync} (on disk), {@code write} (handed
 * to the operating system) or {@code off} (memory only)
 * @param dir where segments and snapshots are kept
 * @param repair start despite damage, dropping the damaged part of a file (a copy is kept
 * beside it)
 * @param snapshotAfter journal bytes written since the last snapshot that make the next
 * one due
 * @param segmentSize size at which a segment is closed and the next one begun
 */
@ConfigurationProperties("bright-counter.journal")
record JournalProperties(@DefaultValue("fsync") JournalMode mode, @DefaultValue("data") Path dir,
        @DefaultValue("false") boolean repair, @DefaultValue("256MB") DataSize snapshotAfter,
        @DefaultValue("64MB") DataSize segmentSize) {

    JournalProperties {
        Settings.requirePositive("bright-counter.journal.snapshot-after", snapshotAfter);
        Settings.requirePositive("bright-counter.journal.segment-size", segmentSize);
    }

}
