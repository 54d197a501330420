package io.brightcounter.readings.memory;

import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.memory.journal.FlushListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How group commit groups: {@code bright_counter_journal_flushes_total} (groups written;
 * in {@code fsync} mode each is one write and one flush),
 * {@code bright_counter_journal_flush_records} (records a group held: its mean is how
 * many requests shared a flush) and {@code bright_counter_journal_flush_seconds} (how
 * long a group's write and flush took). A mean near 1 record under load means flushes are
 * fast enough that requests rarely wait for one; many records per flush with long flushes
 * means the disk sets the pace.
 */
final class JournalFlushMeters implements FlushListener {

    private final Counter flushes;

    private final DistributionSummary records;

    private final Timer time;

    JournalFlushMeters(MeterRegistry registry) {
        this.flushes = Counter.builder("bright_counter.journal.flushes")
            .description("Groups of journal records written (in fsync mode, each also flushed to the device)")
            .register(registry);
        this.records = DistributionSummary.builder("bright_counter.journal.flush.records")
            .description("Records written together in one group: the requests that shared one write and flush")
            .baseUnit("records")
            .register(registry);
        this.time = Timer.builder("bright_counter.journal.flush")
            .description("Time to write a group of journal records and, in fsync mode, flush it")
            .register(registry);
    }

    @Override
    public void flushed(int records, long nanos) {
        this.flushes.increment();
        this.records.record(records);
        this.time.record(nanos, TimeUnit.NANOSECONDS);
    }

}
