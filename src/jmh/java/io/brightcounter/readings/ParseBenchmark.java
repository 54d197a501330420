package io.brightcounter.readings;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
import tools.jackson.databind.json.JsonMapper;

/**
 * The create body's parsing and validation alone, for a 1-reading and a 100-reading body, and the
 * strict UTF-8 check that parsing starts with.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.args="ParseBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParseBenchmark {

    @Param({ "1", "100" })
    public int readings;

    CreateRequestParser parser;

    byte[] body;

    @Setup
    public void createBody() {
        this.parser = new CreateRequestParser(JsonMapper.builder().build());
        StringBuilder json = new StringBuilder("{\"id\": \"063c5957-8905-45f9-bfe3-960713788919\", \"readings\": [");
        for (int i = 0; i < this.readings; i++) {
            json.append((i > 0) ? ", " : "")
                .append("{\"count\": ")
                .append(1 + i % 50)
                .append(", \"timestamp\": \"2021-09-29T16:")
                .append(String.format("%02d:%02d", (i / 60) % 60, i % 60))
                .append("+01:00\"}");
        }
        this.body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public CreateRequest parse() {
        return this.parser.parse(this.body);
    }

    /** The strict UTF-8 check alone, which {@link #parse()} includes: its share of a parse is its cost. */
    @Benchmark
    public boolean utf8Check() {
        return Utf8.isValid(this.body);
    }

}
