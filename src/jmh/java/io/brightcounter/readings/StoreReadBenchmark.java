package io.brightcounter.readings;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.brightcounter.readings.memory.InMemoryDeviceReadingStore;
import io.brightcounter.web.JsonResponses;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Store reads, including formatting the latest timestamp as the API does, over 10,000 devices,
 * and the bodies of the count, summary and 100-device lookup reads (per device: lookup100Body
 * counts each of its 100 summaries as one operation).
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
        this.target = InMemoryDeviceReadingStore.unbounded();
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

    /** The cumulative-count read's body, built as its endpoint builds it: the baseline for summaries. */
    @Benchmark
    public byte[] cumulativeCountBody() {
        long count = this.target.totals(nextDevice()).orElseThrow().cumulativeCount();
        return JsonResponses.ascii("{\"cumulative_count\":" + count + "}");
    }

    /** One device's whole summary as the summary endpoint writes it. */
    @Benchmark
    public byte[] summaryBody() {
        UUID device = nextDevice();
        return DeviceSummaryWriter.summary(device, this.target.totals(device).orElseThrow(), SummaryFields.ALL)
            .toByteArray();
    }

    /** A 100-device lookup's body, store reads included: divide the rate by 100 for summaries per second. */
    @Benchmark
    @OperationsPerInvocation(100)
    public byte[] lookup100Body() {
        int from = this.next;
        this.next = (from + 100 >= this.deviceIds.length) ? 0 : from + 100;
        List<UUID> devices = Arrays.asList(this.deviceIds).subList(from, from + 100);
        return DeviceSummaryWriter.lookup(devices, this.target.totals(devices), SummaryFields.ALL).toByteArray();
    }

    private UUID nextDevice() {
        int device = this.next;
        this.next = (device + 1 == this.deviceIds.length) ? 0 : device + 1;
        return this.deviceIds[device];
    }

}
