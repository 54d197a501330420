package io.brightcounter.readings;

import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * History reads of one device holding 1,000,000 readings in the in-memory store: a page
 * of 1,000 readings from a random place in its history, a series of 1,000 buckets over all
 * of it, and a year of daily buckets (the targets: a page within 200 us, a series
 * within 2 ms). The summary read of the same device is the baseline the HTTP figures are
 * compared with.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.args="HistoryReadBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s"
 * </pre>
 *
 * {@code spacing} is the seconds between readings: 60 is a device reporting once a minute
 * (1.9 years of history, 65,536-second windows of about 1,092 readings), 1 one reporting
 * every second (11.6 days, windows full).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@State(Scope.Benchmark)
public class HistoryReadBenchmark {

    static final int READINGS = 1_000_000;

    static final long START = 1_600_000_000L;

    static final int PAGE = 1_000;

    static final int BUCKETS = 1_000;

    @Param({ "60", "1" })
    public long spacing;

    DeviceReadingStore target;

    UUID device;

    Random random;

    long end;

    @Setup
    public void fill() {
        this.target = InMemoryDeviceReadingStore.unbounded();
        this.random = new Random(42);
        this.device = new UUID(this.random.nextLong(), this.random.nextLong());
        for (int first = 0; first < READINGS; first += 10_000) {
            ReadingBatch batch = new ReadingBatch();
            for (int i = first; i < first + 10_000; i++) {
                batch.add(1 + this.random.nextInt(100), new Timestamp(START + this.spacing * i, 3600));
            }
            this.target.add(this.device, batch);
        }
        this.end = START + this.spacing * READINGS;
        if (this.target.totals(this.device).orElseThrow().readings() != READINGS) {
            throw new IllegalStateException("the device does not hold " + READINGS + " readings");
        }
    }

    /** 1,000 readings from a random reading on, with the next one for paging. */
    @Benchmark
    public ReadingPage page() {
        long from = START + this.spacing * this.random.nextInt(READINGS - PAGE);
        return this.target.readings(this.device, from, Long.MAX_VALUE, PAGE).orElseThrow();
    }

    /** 1,000 buckets from the first reading to past the last. */
    @Benchmark
    public Series series() {
        long step = (this.end - START + BUCKETS - 1) / BUCKETS;
        return this.target.series(this.device, START, this.end, step, BUCKETS).orElseThrow();
    }

    /**
     * 1,000 buckets over a random stretch of a quarter of the history, so that bucket
     * bounds fall anywhere in a window.
     */
    @Benchmark
    public Series seriesOfAQuarter() {
        long span = (this.end - START) / 4;
        long from = START + (long) (this.random.nextDouble() * 3 * span);
        long step = (span + BUCKETS - 1) / BUCKETS;
        return this.target.series(this.device, from, from + step * BUCKETS, step, BUCKETS).orElseThrow();
    }

    /** A page as the endpoint answers it: the store's read and the JSON body. */
    @Benchmark
    public byte[] pageBody() {
        return DeviceHistoryWriter.page(this.device, page()).toByteArray();
    }

    /** The series as the endpoint answers it: the store's read and the JSON body. */
    @Benchmark
    public byte[] seriesBody() {
        long step = (this.end - START + BUCKETS - 1) / BUCKETS;
        return DeviceHistoryWriter.series(this.device, new Timestamp(START, 3600), step, series()).toByteArray();
    }

    /** The device's summary body, as the summary endpoint writes it: the baseline. */
    @Benchmark
    public byte[] summaryBody() {
        return DeviceSummaryWriter
            .summary(this.device, this.target.totals(this.device).orElseThrow(), SummaryFields.ALL)
            .toByteArray();
    }

}
