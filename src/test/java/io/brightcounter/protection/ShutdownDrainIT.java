package io.brightcounter.protection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.brightcounter.testsupport.ChildApplication;
import io.brightcounter.testsupport.RawHttp;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A routine deploy as a client sees it: 20 keep-alive clients posting, then SIGTERM to
 * the service (a child JVM on PostgreSQL). Clients honour {@code Connection: close} and
 * stop once their connection is refused. No request may be left without a response,
 * readiness must be DOWN during the drain, and what is stored afterwards must be exactly
 * what was acknowledged.
 */
@RequiresPostgres
class ShutdownDrainIT {

    private static final int CLIENTS = 20;

    private static final long DRAIN_MILLIS = 2000;

    private static final long BASE_SECOND = Instant.parse("2021-09-29T00:00:00Z").getEpochSecond();

    private final AtomicInteger closedWithoutResponse = new AtomicInteger();

    /** When each request closed without a response was sent, in ms after the signal. */
    private final List<Long> closedAt = new CopyOnWriteArrayList<>();

    private final AtomicInteger keptAliveDuringDrain = new AtomicInteger();

    private final AtomicInteger otherStatuses = new AtomicInteger();

    private final AtomicInteger answeredDuringDrain = new AtomicInteger();

    private final Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();

    private volatile long sigtermNanos = Long.MAX_VALUE;

    /** When a client first read a response with {@code Connection: close}. */
    private final AtomicLong drainSeenNanos = new AtomicLong(Long.MAX_VALUE);

    @Test
    void keepAliveClientsGetAResponseToEveryRequestAndNothingAcknowledgedIsLost() throws Exception {
        int port = ChildApplication.freePort();
        int managementPort = ChildApplication.freePort();
        ChildApplication service = startService(port, managementPort);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        List<UUID> devices = new ArrayList<>();
        int readinessDuringDrain;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                UUID device = UUID.randomUUID();
                devices.add(device);
                clients.add(pool.submit(() -> postUntilRefused(port, device)));
            }
            Thread.sleep(1000);
            this.sigtermNanos = System.nanoTime();
            service.requestStop();
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (this.drainSeenNanos.get() == Long.MAX_VALUE && System.nanoTime() < drainDeadline) {
                Thread.sleep(10);
            }
            readinessDuringDrain = readiness(managementPort);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            assertThat(service.awaitExit(Duration.ofSeconds(60))).as("service stopped").isTrue();
        }
        finally {
            pool.shutdownNow();
            service.kill();
        }
        assertThat(this.closedWithoutResponse)
            .as("requests closed without a response, sent at (ms after SIGTERM) %s", this.closedAt)
            .hasValue(0);
        assertThat(this.otherStatuses).as("answers other than 201").hasValue(0);
        assertThat(this.answeredDuringDrain.get()).as("requests answered with Connection: close")
            .isGreaterThan(CLIENTS);
        assertThat(this.keptAliveDuringDrain).as("responses in the drain without Connection: close").hasValue(0);
        JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
        for (UUID device : devices) {
            long stored = jdbc.sql("SELECT coalesce(sum(count), 0) FROM device_readings WHERE device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
            assertThat(stored).as("stored for %s", device).isEqualTo(this.acknowledged.getOrDefault(device, 0L));
        }
        assertThat(readinessDuringDrain).as("readiness status during the drain (0: no answer)").isEqualTo(503);
    }

    private static int readiness(int managementPort) {
        try {
            return RawHttp
                .exchange(managementPort, "GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .status();
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /**
     * One keep-alive client: a new reading of count 1 per request, a new connection only
     * when told to close.
     */
    private Void postUntilRefused(int port, UUID device) throws InterruptedException {
        Socket socket = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (long second = BASE_SECOND; System.nanoTime() < deadline; second++) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    socket.setSoTimeout(20_000);
                }
            }
            catch (ConnectException ex) {
                // Refused: the service has stopped listening, which a client handles by
                // going elsewhere.
                return null;
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            String body = "{\"id\": \"" + device + "\", \"readings\": [{\"count\": 1, \"timestamp\": \""
                    + Instant.ofEpochSecond(second) + "\"}]}";
            long sent = System.nanoTime();
            try {
                socket.getOutputStream()
                    .write(("POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                Response response = Response.read(socket.getInputStream());
                if (response.status() == 201) {
                    this.acknowledged.merge(device, 1L, Long::sum);
                }
                else {
                    this.otherStatuses.incrementAndGet();
                }
                boolean close = "close".equalsIgnoreCase(response.connection());
                if (close) {
                    // The drain has begun (the JVM takes a moment after the signal): from
                    // here on, every
                    // response must say close.
                    this.answeredDuringDrain.incrementAndGet();
                    this.drainSeenNanos.accumulateAndGet(System.nanoTime(), Math::min);
                }
                else if (sent > this.drainSeenNanos.get()) {
                    this.keptAliveDuringDrain.incrementAndGet();
                }
                if (close) {
                    socket.close();
                    socket = null;
                }
            }
            catch (IOException ex) {
                this.closedWithoutResponse.incrementAndGet();
                this.closedAt.add(TimeUnit.NANOSECONDS.toMillis(sent - this.sigtermNanos));
                closeQuietly(socket);
                socket = null;
            }
        }
        closeQuietly(socket);
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        }
        catch (IOException ex) {
            // Nothing to do.
        }
    }

    private ChildApplication startService(int port, int managementPort) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--bright-counter.shutdown-drain=" + DRAIN_MILLIS + "ms"));
        TestDatabase.storeProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return ChildApplication
            .start(port, managementPort, ChildApplication.logFile("shutdown-drain-test", "service"),
                    List.of("-Xmx256m"), arguments)
            .awaitReady(Duration.ofSeconds(90), () -> readiness(managementPort) == 200);
    }

    /**
     * Status and {@code Connection} header of one response, its body read to the end so
     * the connection can be reused.
     */
    private record Response(int status, String connection) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String connection = null;
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                if (name.equals("connection")) {
                    connection = value;
                }
                else if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                }
            }
            if (in.readNBytes(length).length < length) {
                throw new IOException("Body cut short");
            }
            return new Response(status, connection);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("Connection closed without a response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

    }

}
