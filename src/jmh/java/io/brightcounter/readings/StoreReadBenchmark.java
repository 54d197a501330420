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
 * Store reads, including formatting the latest timestamp as the API does, over 10,000 devices.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.args="StoreReadBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StoreReadBenchmark {

    @Param({ "memory" })
    public String store;

    DeviceReadingStore target;

    UUID[] deviceIds;

    int next;

    @Setup
    public void fill() {
        this.target = new InMemoryDeviceReadingStore();
        Random random = new Random(42);
        this.deviceIds = new UUID[10_000];
        for (int d = 0; d < this.deviceIds.length; d++) {
            this.deviceIds[d] = new UUID(random.nextLong(), random.nextLong());
            ReadingBatch batch = new ReadingBatch();
            for (int i = 0; i < 100; i++) {
                batch.add(1 + random.nextInt(100), new Timestamp(1_600_000_000L + random.nextInt(100_000_000), 3600));
            }
            this.target.add(this.deviceIds[d], batch);
        }
    }

    @Benchmark
    public long cumulativeCount() {
        return this.target.totals(nextDevice()).orElseThrow().cumulativeCount();
    }

    @Benchmark
    public String latestTimestamp() {
        return this.target.totals(nextDevice()).orElseThrow().latest().format();
    }

    private UUID nextDevice() {
        int device = this.next;
        this.next = (device + 1 == this.deviceIds.length) ? 0 : device + 1;
        return this.deviceIds[device];
    }

}
