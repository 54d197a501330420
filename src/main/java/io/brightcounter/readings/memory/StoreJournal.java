package io.brightcounter.readings.memory;

import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.brightcounter.config.BrightCounterProperties.Store;
import io.brightcounter.config.ConditionalOnStore;
import io.brightcounter.readings.DiskWaitListener;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.memory.journal.FlushListener;
import io.brightcounter.readings.memory.journal.Journal;
import io.brightcounter.readings.memory.journal.JournalFileSystem;
import io.brightcounter.readings.memory.journal.JournalMode;
import io.brightcounter.readings.memory.journal.RecordInput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The in-memory store's journal, run for the application: rebuilds the store from the
 * journal directory before the web server starts (so the API never answers from a partial
 * store), takes snapshots in the background when the journal has grown by
 * {@code snapshot-after} and once more at a graceful shutdown, and, while the journal
 * refuses writes, tries every {@value #TICK_MILLIS} ms to start a new segment. Readiness
 * follows the journal's own state through {@link JournalHealthIndicator}, in the
 * readiness group: DOWN while it refuses writes, UP as soon as it takes them again.
 *
 * <p>
 * Metrics, exported whenever the in-memory store runs (in mode {@code off} they stay 0,
 * so that alerts and dashboards find the series):
 * {@code bright_counter_journal_errors_total} counts the journal writes that failed (a
 * group of batches written or flushed, which then get 503, or the next segment started);
 * each refuses creates with 503, readiness DOWN, until a write succeeds again. Creates
 * refused afterwards while the journal still refuses are not counted again (they are in
 * {@code bright_counter_requests_rejected_total}): one failing disk is one error per
 * episode, and {@code increase(...) > 0} means a write failed.
 * {@code bright_counter_journal_bytes} is the journal grown since the last snapshot (a
 * snapshot is due at {@code snapshot-after}). How group commit groups:
 * {@link JournalFlushMeters}.
 */
@Component
@ConditionalOnStore(Store.MEMORY)
class StoreJournal implements ReadingJournal, SmartInitializingSingleton, DisposableBean {

    private static final Log logger = LogFactory.getLog(StoreJournal.class);

    /**
     * How often the background thread checks whether a snapshot is due or a failed disk
     * writes again.
     */
    private static final long TICK_MILLIS = 250;

    private final JournalProperties properties;

    private final @Nullable Journal<JournalBatchCodec.Batch> journal;

    private final ObjectProvider<InMemoryDeviceReadingStore> store;

    private final @Nullable ScheduledExecutorService background;

    /** Set while a repairing start's snapshot has yet to succeed. */
    private volatile boolean repairSnapshotDue;

    /**
     * Set once the store holds everything the journal does: only then may a snapshot
     * replace the journal.
     */
    private volatile boolean recovered;

    StoreJournal(JournalProperties properties, ObjectProvider<JournalFileSystem> files,
            ObjectProvider<InMemoryDeviceReadingStore> store, ObjectProvider<DiskWaitListener> diskWaits,
            MeterRegistry registry) throws IOException {
        this.properties = properties;
        this.store = store;
        Counter writeErrors = Counter.builder("bright_counter.journal.errors")
            .description("Journal writes or flushes that failed, each refusing creates with 503 until a write "
                    + "succeeds again (counted once, not per create refused meanwhile)")
            .register(registry);
        JournalFlushMeters flushes = new JournalFlushMeters(registry);
        if (properties.mode() == JournalMode.OFF) {
            logger.info("Journal mode off: readings are kept in memory only and are lost on restart; "
                    + properties.dir().toAbsolutePath() + " is neither read nor written");
            this.journal = null;
            this.background = null;
        }
        else {
            this.journal = Journal.open(properties.dir(), properties.mode(), properties.repair(),
                    properties.segmentSize().toBytes(), files.getIfAvailable(() -> JournalFileSystem.DEFAULT),
                    JournalBatchCodec.INSTANCE, writeErrors::increment,
                    new JournalListener(flushes, diskWaits.getIfAvailable(() -> DiskWaitListener.NONE)));
            this.background = Executors.newSingleThreadScheduledExecutor((task) -> {
                Thread thread = new Thread(task, "journal-snapshots");
                thread.setDaemon(true);
                return thread;
            });
        }
        Gauge.builder("bright_counter.journal.bytes", this, StoreJournal::bytesSinceSnapshot)
            .description("Bytes journaled since the last snapshot; a snapshot is due at snapshot-after")
            .baseUnit("bytes")
            .register(registry);
    }

    /**
     * The journal, where only mode {@code off} lacks one and the caller runs without it.
     */
    private Journal<JournalBatchCodec.Batch> journal() {
        return Objects.requireNonNull(this.journal, "journal mode off");
    }

    private ScheduledExecutorService background() {
        return Objects.requireNonNull(this.background, "journal mode off");
    }

    private long bytesSinceSnapshot() {
        return (this.journal != null) ? this.journal.bytesSinceSnapshot() : 0;
    }

    /**
     * Journals the store's new readings (the store finds this bean as its
     * {@link ReadingJournal}); in mode {@code off}, nothing. A write that fails leaves
     * the journal refusing writes, and readiness DOWN with it.
     */
    @Override
    public void append(UUID deviceId, ReadingBatch newReadings) throws IOException {
        if (this.journal == null) {
            return;
        }
        this.journal.append(new JournalBatchCodec.Batch(deviceId, newReadings));
    }

    /**
     * Runs once every bean exists and before the web server starts: the store is rebuilt
     * first.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (this.journal == null) {
            return;
        }
        InMemoryDeviceReadingStore target = this.store.getObject();
        long start = System.nanoTime();
        Journal.RecoveryReport report;
        try {
            report = this.journal.recover(replayInto(target));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not read the journal in " + this.properties.dir().toAbsolutePath(),
                    ex);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long readings = target.storedReadings();
        logger.info(String.format(
                "Recovered %,d readings of %,d devices in %,d ms from %s (%s) and %d journal segments "
                        + "(%,d batches, %,d bytes read)",
                readings, target.deviceCount(), millis, this.properties.dir().toAbsolutePath(),
                (report.snapshot() != null) ? report.snapshot().getFileName() : "no snapshot", report.segments(),
                report.batches(), report.bytes()));
        if (readings > target.maxStoredReadings()) {
            logger.warn(String.format(
                    "The store holds %,d readings, more than its capacity of %,d: all are kept, "
                            + "new readings are refused with 507 until there is room",
                    readings, target.maxStoredReadings()));
        }
        if (this.journal.failed()) {
            // As when the disk fills under a running service: reads are served, creates
            // get 503 and readiness stays DOWN until the background check can start a
            // segment.
            logger.error("The journal in " + this.properties.dir().toAbsolutePath()
                    + " cannot take writes after recovery; the recovered store serves reads, creates are refused "
                    + "with 503 and readiness is DOWN until the disk takes writes again (tried every " + TICK_MILLIS
                    + " ms)");
        }
        if (!report.dropped().isEmpty()) {
            report.dropped().forEach((line) -> logger.warn("Journal repair dropped " + line));
            // A snapshot makes what was read the whole truth on disk; only once it is
            // durable are the damaged files set aside. Tried again until it succeeds.
            this.repairSnapshotDue = this.journal.failed() || !snapshot("after repair");
        }
        this.recovered = true;
        background().scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Rebuilds the store from what the journal holds: devices from the snapshot, then the
     * batches.
     */
    static Journal.Replay<JournalBatchCodec.Batch> replayInto(InMemoryDeviceReadingStore store) {
        return new Journal.Replay<>() {

            @Override
            public void snapshotRecord(RecordInput record) {
                StoreSnapshotCodec.readDevice(record, store);
            }

            @Override
            public void entry(JournalBatchCodec.Batch batch) {
                store.replay(batch.deviceId(), batch.readings());
            }

        };
    }

    private void tick() {
        try {
            if (journal().failed()) {
                journal().tryRecover();
                return;
            }
            if (this.repairSnapshotDue) {
                this.repairSnapshotDue = !snapshot("after repair");
                return;
            }
            if (journal().bytesSinceSnapshot() >= this.properties.snapshotAfter().toBytes()) {
                snapshot("journal passed " + this.properties.snapshotAfter());
            }
        }
        catch (RuntimeException ex) {
            logger.error("Journal housekeeping failed", ex);
        }
    }

    /**
     * Why the journal refuses writes, or {@code null} when it takes them (or there is
     * none: mode {@code off}).
     */
    @Nullable String refusal() {
        Journal<JournalBatchCodec.Batch> journal = this.journal;
        return (journal != null && journal.failed())
                ? "the journal in " + this.properties.dir().toAbsolutePath()
                        + " cannot take writes; creates get 503 until it can (tried every " + TICK_MILLIS + " ms)"
                : null;
    }

    JournalMode mode() {
        return this.properties.mode();
    }

    /** Takes a snapshot now; a failure is logged and leaves the journal as it was. */
    boolean snapshot(String why) {
        InMemoryDeviceReadingStore target = this.store.getObject();
        long start = System.nanoTime();
        try {
            long bytes = journal().snapshot(target::writeSnapshot);
            long readings = target.storedReadings();
            logger.info(String.format("Snapshot (%s): %,d readings of %,d devices in %,d bytes, %,d ms", why, readings,
                    target.deviceCount(), bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            return true;
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("Snapshot (" + why + ") failed; the journal keeps every reading and it is tried again later",
                    ex);
            return false;
        }
    }

    /**
     * After the web server has stopped taking requests: one last snapshot, so that a
     * clean restart reads one file, then the directory is released.
     */
    @Override
    public void destroy() throws IOException {
        if (this.journal == null) {
            return;
        }
        // Not shutdownNow: an interrupt closes any FileChannel the snapshot thread is
        // writing.
        background().shutdown();
        try {
            background().awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try {
            // A start that failed half way must not write its partial store over the
            // journal.
            if (this.recovered && this.journal.bytesSinceSnapshot() > 0 && !this.journal.failed()) {
                snapshot("shutdown");
            }
        }
        finally {
            this.journal.close();
        }
    }

    /**
     * What the journal tells of its writes: flushes go to the meters, and a create that
     * waits for the disk to whatever bounds the creates in progress.
     */
    private record JournalListener(JournalFlushMeters meters, DiskWaitListener diskWaits) implements FlushListener {

        @Override
        public void flushed(int records, long nanos) {
            this.meters.flushed(records, nanos);
        }

        @Override
        public void awaitingFlush() {
            this.diskWaits.waitingForDisk();
        }

    }

}
