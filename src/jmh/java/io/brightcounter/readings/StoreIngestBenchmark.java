package io.brightcounter.readings;

import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Store ingest in readings per second: batches of 100 readings, new or all duplicates, arriving
 * in order or shuffled, to one hot device or spread over 10,000, from one thread or two.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.args="StoreIngestBenchmark"
 * </pre>
 *
 * Each invocation builds its batch the way the request parser does, so the figures include that.
 * The store is new at every iteration; the JIT needs the long warm-up (seen here: the first
 * 6 seconds ran up to 8 times slower than the rest). The heap is touched before the first
 * iteration ({@code -XX:+AlwaysPreTouch}): otherwise the kernel's zeroing of pages the heap
 * touches for the first time took a third of the profile, and iterations of one run differed
 * by up to seven times depending on how much of the heap they were first to touch.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch" })
@State(Scope.Benchmark)
public class StoreIngestBenchmark {

    static final int BATCH = 100;

    /** Readings are shuffled within windows of this many, ten batches' worth. */
    static final int WINDOW = 1000;

    @Param({ "memory" })
    public String store;

    @Param({ "1", "10000" })
    public int devices;

    @Param({ "ordered", "shuffled" })
    public String arrival;

    @Param({ "new", "duplicate" })
    public String readings;

    DeviceReadingStore target;

    UUID[] deviceIds;

    int[] order;

    private final AtomicInteger threadCount = new AtomicInteger();

    @Setup(Level.Iteration)
    public void createStore() {
        this.target = switch (this.store) {
            case "memory" -> InMemoryDeviceReadingStore.unbounded();
            default -> throw new IllegalArgumentException(this.store);
        };
        Random random = new Random(42);
        this.deviceIds = new UUID[this.devices];
        for (int i = 0; i < this.devices; i++) {
            this.deviceIds[i] = new UUID(random.nextLong(), random.nextLong());
        }
        this.order = new int[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            this.order[i] = i;
        }
        if ("shuffled".equals(this.arrival)) {
            for (int i = WINDOW - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = this.order[i];
                this.order[i] = this.order[j];
                this.order[j] = swap;
            }
        }
        this.threadCount.set(0);
    }

    /** One thread's place in the stream of readings: threads never send the same instant. */
    @State(Scope.Thread)
    public static class Cursor {

        static final long START = 1_600_000_000L;

        long sequence;

        long instantBase;

        int repeatAfter;

        @Setup(Level.Iteration)
        public void start(StoreIngestBenchmark benchmark) {
            this.instantBase = START + 1_000_000_000L * benchmark.threadCount.getAndIncrement();
            this.sequence = 0;
            this.repeatAfter = Integer.MAX_VALUE;
            if ("duplicate".equals(benchmark.readings)) {
                // Store some batches first; the measured calls then send them again and again.
                this.repeatAfter = Math.max(200, 2 * benchmark.devices);
                for (int i = 0; i < this.repeatAfter; i++) {
                    benchmark.ingestNext(this);
                }
            }
        }

    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneThread(Cursor cursor, Blackhole blackhole) {
        blackhole.consume(ingestNext(cursor));
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void twoThreads(Cursor cursor, Blackhole blackhole) {
        blackhole.consume(ingestNext(cursor));
    }

    ReadingBatch ingestNext(Cursor cursor) {
        long sequence = cursor.sequence++ % cursor.repeatAfter;
        int device = (int) (sequence % this.devices);
        long batchOfDevice = sequence / this.devices;
        long window = batchOfDevice / (WINDOW / BATCH);
        int firstInWindow = (int) (batchOfDevice % (WINDOW / BATCH)) * BATCH;
        ReadingBatch batch = new ReadingBatch();
        for (int i = 0; i < BATCH; i++) {
            long reading = window * WINDOW + this.order[firstInWindow + i];
            batch.add(1 + (reading & 7), new Timestamp(cursor.instantBase + 60 * reading, 0));
        }
        this.target.add(this.deviceIds[device], batch);
        return batch;
    }

}
