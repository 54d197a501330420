package io.brightcounter.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.brightcounter.BrightCounterApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in a child JVM on the test classpath, for tests that need a real process
 * end (SIGKILL, SIGTERM, a restart on the same data) or a heap of their own. Its output
 * goes to a log file under {@code target/} that a failed test names.
 */
public final class ChildApplication {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;

    private final int port;

    private final Path log;

    private ChildApplication(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service without waiting for it, so a test can also watch a start that
     * must fail.
     * @param port the API port
     * @param managementPort the Actuator port, {@code 0} for any free one
     * @param log where the output goes
     * @param jvmOptions options for the child JVM, such as {@code -Xmx256m}
     * @param arguments application arguments after the ports
     */
    public static ChildApplication start(int port, int managementPort, Path log, List<String> jvmOptions,
            List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrightCounterApplication.class.getName(),
                "--server.port=" + port, "--management.server.port=" + managementPort));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildApplication(process, port, log);
    }

    /** A log file {@code target/<directory>/<name>.log}, its directory created. */
    public static Path logFile(String directory, String name) throws IOException {
        return Files.createDirectories(Path.of("target", directory)).resolve(name + ".log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public ChildApplication awaitReady(Duration timeout) throws InterruptedException {
        return awaitReady(timeout, () -> true);
    }

    /**
     * Waits until the ping answers 200 and {@code alsoReady} holds; fails at once if the
     * process ends first, and kills it if the time runs out.
     */
    public ChildApplication awaitReady(Duration timeout, BooleanSupplier alsoReady) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(this.process.isAlive()).as("service started, see %s", this.log.toAbsolutePath()).isTrue();
            try {
                if (ping() == 200 && alsoReady.getAsBoolean()) {
                    return this;
                }
            }
            catch (IOException ex) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        this.process.destroyForcibly();
        throw new IllegalStateException("Service did not start in time, see " + this.log.toAbsolutePath());
    }

    private int ping() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/ping"))
            .timeout(Duration.ofSeconds(10))
            .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGTERM: the service shuts down gracefully; see {@link #awaitExit}. */
    public void requestStop() {
        this.process.destroy();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, then up to 30 seconds for the process to be gone. */
    public void kill() throws InterruptedException {
        this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGKILL under load: runs {@code clients} load clients against this service until
     * {@code enough} holds or {@code timeout} passes, kills the service while they go on,
     * then stops them and waits for them to end. Each client gets its number and a flag
     * that turns false when it must stop; a client that loses the service ends by itself.
     */
    public void killUnderLoad(int clients, LoadClient client, BooleanSupplier enough, Duration timeout)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            for (int c = 0; c < clients; c++) {
                int number = c;
                pool.submit(() -> {
                    client.run(number, running);
                    return null;
                });
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            kill();
        }
        finally {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            kill();
        }
    }

    public boolean isAlive() {
        return this.process.isAlive();
    }

    public long pid() {
        return this.process.pid();
    }

    public int exitValue() {
        return this.process.exitValue();
    }

    public Path log() {
        return this.log;
    }

    public String logText() throws IOException {
        return Files.readString(this.log);
    }

    /** One client of {@link #killUnderLoad}. */
    @FunctionalInterface
    public interface LoadClient {

        void run(int number, AtomicBoolean running) throws Exception;

    }

}
