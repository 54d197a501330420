package io.brightcounter.readings;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.memory.FloodingInstants;
import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One create of 60,000 readings for a new device, at instants chosen against fastutil's fixed
 * hash (see {@code FloodingInstants}) or at random seconds over the same span. Hash flooding is
 * closed when {@code chosen} takes no more than 3 times as long as {@code random}.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.args="HashFloodBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class HashFloodBenchmark {

    private static final UUID DEVICE = UUID.fromString("063c5957-8905-45f9-bfe3-960713788919");

    @Param({ "chosen", "random" })
    public String instants;

    DeviceReadingStore store;

    ReadingBatch batch;

    @Setup(Level.Iteration)
    public void createStoreAndBatch() {
        long[] epochSeconds = "chosen".equals(this.instants) ? FloodingInstants.chosen(FloodingInstants.COUNT)
                : FloodingInstants.random(FloodingInstants.COUNT, 7);
        this.batch = new ReadingBatch();
        for (long epochSecond : epochSeconds) {
            this.batch.add(1, new Timestamp(epochSecond, 0));
        }
        this.store = InMemoryDeviceReadingStore.unbounded();
    }

    @Benchmark
    public AddResult createOneBatch() {
        return this.store.add(DEVICE, this.batch);
    }

}
