package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The guarded connector on an embedded Tomcat: the request head deadline, the connection
 * limit, and stopping accepting at shutdown. Lower bounds on time only: a loaded machine
 * can make anything slower, never faster.
 */
class GuardedHttp11NioProtocolTests {

    private static final String PING = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n";

    /** Far below Tomcat's own connection timeout (60 s), which would close it too. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    @Test
    void theHeadDeadlineIsSetInMillisecondsAndReadBackSo() {
        GuardedHttp11NioProtocol protocol = new GuardedHttp11NioProtocol();
        assertThat(protocol.getMaxRequestHeadTime()).isEqualTo(20_000);
        protocol.setMaxRequestHeadTime(1_234);
        assertThat(protocol.getMaxRequestHeadTime()).isEqualTo(1_234);
    }

    @Test
    void aHeadNotCompleteWithinTheDeadlineIsClosedUnanswered() throws IOException {
        try (TestServer server = TestServer.start(Duration.ofMillis(500), (connector) -> {
        }, TestServer::ok); Socket socket = connect(server)) {
            long start = System.nanoTime();
            send(socket, "GET /ping HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");
            assertThat(readUntilClosed(socket)).as("nothing answered").isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    @Test
    void theNextHeadOnAKeptAliveConnectionHasItsDeadlineToo() throws IOException {
        try (TestServer server = TestServer.start(Duration.ofMillis(500), (connector) -> {
        }, TestServer::ok); Socket socket = connect(server)) {
            send(socket, PING);
            assertThat(RawHttp.readResponse(socket.getInputStream()).status()).isEqualTo(200);
            send(socket, "GET /ping HTTP/1.1\r\nHost: loc");
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    /**
     * The head starts arriving, a sweep or two pass, and the rest comes well within the
     * deadline: answered.
     */
    @Test
    void aHeadCompletedWithinTheDeadlineIsAnswered() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok); Socket socket = connect(server)) {
            send(socket, "GET /ping HTTP/1.1\r\nHost: loc");
            // The sweep runs every second: let two pass while the head is unfinished.
            Thread.sleep(2_500);
            send(socket, "alhost\r\n\r\n");
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
    }

    /**
     * The deadline is for the head: a request the application takes long over is kept.
     */
    @Test
    void aRequestInTheApplicationPastTheHeadDeadlineIsAnswered() throws IOException {
        try (TestServer server = TestServer.start(Duration.ofMillis(200), (connector) -> {
        }, (request, response) -> {
            try {
                // Long enough for several sweeps (every 100 ms) past the deadline.
                Thread.sleep(1_500);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            TestServer.ok(request, response);
        }); Socket socket = connect(server)) {
            send(socket, PING);
            assertThat(RawHttp.readResponse(socket.getInputStream()).body()).isEqualTo("ok");
        }
    }

    /**
     * A worker pool that refuses the error event (saturated, or stopping) does not keep
     * an overdue connection open: the sweep closes it itself. The pool here takes one
     * task, the read of the head's first bytes, and refuses every task after it.
     */
    @Test
    void anOverdueHeadIsClosedWhenTheWorkerPoolRefusesToTakeItsErrorEvent() throws Exception {
        RefusingPool pool = new RefusingPool(1);
        try (TestServer server = TestServer.start(Duration.ofMillis(500),
                (connector) -> connector.getProtocolHandler().setExecutor(pool), TestServer::ok);
                Socket socket = connect(server)) {
            send(socket, "GET /ping HTTP/1.1\r\nHost: loc");
            assertThat(readUntilClosed(socket)).as("nothing answered").isEmpty();
            assertThat(pool.refused.get()).as("the error event was refused").isPositive();
        }
        finally {
            pool.workers.shutdownNow();
        }
    }

    @Test
    void aConnectionPastTheLimitIsClosedAtOnceAndTheLimitFreesUp() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20),
                (connector) -> ((GuardedHttp11NioProtocol) connector.getProtocolHandler()).setMaxConnections(2),
                TestServer::ok)) {
            GuardedHttp11NioProtocol protocol = server.protocol();
            assertThat(protocol.getMaxConnections()).isEqualTo(2);
            assertThat(protocol.getConnectionCount()).as("Tomcat's own blocking limit is off").isEqualTo(-1);
            Socket first = connect(server);
            try (Socket second = connect(server)) {
                for (Socket held : List.of(first, second)) {
                    send(held, PING);
                    assertThat(RawHttp.readResponse(held.getInputStream()).status()).isEqualTo(200);
                }
                try (Socket third = connect(server)) {
                    try {
                        send(third, PING);
                    }
                    catch (IOException ex) {
                        // Closed before the request could be written.
                    }
                    assertThat(readUntilClosed(third)).as("the third connection is closed unanswered").isEmpty();
                }
                first.close();
                assertThat(pingOnANewConnection(server)).as("served again once a connection is free").isEqualTo(200);
            }
        }
    }

    @Test
    void withoutALimitConnectionsAreNotRefused() throws IOException {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok)) {
            assertThat(server.protocol().getMaxConnections()).isEqualTo(-1);
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket socket = connect(server);
                    held.add(socket);
                    send(socket, PING);
                    assertThat(RawHttp.readResponse(socket.getInputStream()).status()).isEqualTo(200);
                }
            }
            finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void stoppingAcceptingWithNoConnectionsReturnsAtOnceAndRefusesNewOnes() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok)) {
            int port = server.port();
            assertThat(GuardedHttp11NioProtocol.stopAccepting(server.server(), 20_000)).isZero();
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void stoppingAcceptingWaitsForTheOpenConnectionsUpToTheTimeGiven() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok); Socket held = connect(server)) {
            send(held, PING);
            assertThat(RawHttp.readResponse(held.getInputStream()).status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(server.protocol().stopAcceptingAndAwaitConnections(300)).as("still open").isOne();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    @Test
    void stoppingAcceptingReturnsOnceTheOpenConnectionsHaveClosed() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok)) {
            Socket held = connect(server);
            send(held, PING);
            assertThat(RawHttp.readResponse(held.getInputStream()).status()).isEqualTo(200);
            CountDownLatch stopping = new CountDownLatch(1);
            CompletableFuture<Integer> open = CompletableFuture.supplyAsync(() -> {
                stopping.countDown();
                try {
                    return server.protocol().stopAcceptingAndAwaitConnections(60_000);
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            assertThat(stopping.await(10, TimeUnit.SECONDS)).isTrue();
            held.close();
            assertThat(open.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void stoppingAcceptingCountsTheGuardedConnectorsOfATomcatServerOnly() throws Exception {
        assertThat(GuardedHttp11NioProtocol.stopAccepting(null, 1_000)).isZero();
        WebServer other = new WebServer() {

            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public int getPort() {
                return 0;
            }

        };
        assertThat(GuardedHttp11NioProtocol.stopAccepting(other, 1_000)).isZero();
        try (TestServer plain = TestServer.start(new TomcatServletWebServerFactory(0), TestServer::ok);
                Socket held = connect(plain)) {
            send(held, PING);
            assertThat(RawHttp.readResponse(held.getInputStream()).status()).isEqualTo(200);
            TomcatWebServer server = plain.server();
            assertThat(GuardedHttp11NioProtocol.stopAccepting(server, 1_000)).isZero();
            assertThat(pingOnANewConnection(plain)).as("still accepting").isEqualTo(200);
        }
        try (TestServer guarded = TestServer.start(Duration.ofSeconds(20), (connector) -> {
        }, TestServer::ok); Socket held = connect(guarded)) {
            send(held, PING);
            assertThat(RawHttp.readResponse(held.getInputStream()).status()).isEqualTo(200);
            assertThat(GuardedHttp11NioProtocol.stopAccepting(guarded.server(), 300)).isOne();
        }
    }

    /**
     * The sweep for overdue heads runs every quarter of the deadline, never more often
     * than every 100 ms nor less often than once a second, on the executor Tomcat gives
     * the protocol.
     */
    @Test
    void theHeadSweepRunsEveryQuarterOfTheDeadlineWithinATenthOfASecondAndASecond() throws Exception {
        assertThat(sweepPeriodMillis(500)).isEqualTo(125);
        assertThat(sweepPeriodMillis(200)).as("at most ten a second").isEqualTo(100);
        assertThat(sweepPeriodMillis(20_000)).as("at least one a second").isEqualTo(1_000);
    }

    /**
     * Stopping the protocol stops its sweep as well as Tomcat's connector: the port it
     * listened on is closed.
     */
    @Test
    void stoppingTheProtocolStopsItsHeadSweepAndItsConnector() throws Exception {
        RecordingUtilityExecutor utility = new RecordingUtilityExecutor();
        try {
            GuardedHttp11NioProtocol protocol = standalone(500, utility);
            try {
                protocol.start();
                int port = protocol.getLocalPort();
                new Socket("127.0.0.1", port).close();
                Periodic sweep = utility.sweep();
                assertThat(sweep.future().isCancelled()).as("running while started").isFalse();
                protocol.stop();
                assertThat(sweep.future().isCancelled()).as("cancelled by stop").isTrue();
                assertThatExceptionOfType(ConnectException.class).as("the port is closed")
                    .isThrownBy(() -> new Socket("127.0.0.1", port).close());
            }
            finally {
                protocol.destroy();
            }
        }
        finally {
            utility.shutdownNow();
        }
    }

    /**
     * Tomcat stops a connector whose start failed or never ran: the protocol has no sweep
     * to cancel then, and stops as any other.
     */
    @Test
    void aProtocolThatNeverStartedStops() throws Exception {
        RecordingUtilityExecutor utility = new RecordingUtilityExecutor();
        try {
            GuardedHttp11NioProtocol protocol = standalone(500, utility);
            try {
                protocol.stop();
                assertThat(utility.scheduled).isEmpty();
            }
            finally {
                protocol.destroy();
            }
        }
        finally {
            utility.shutdownNow();
        }
    }

    private static long sweepPeriodMillis(long deadlineMillis) throws Exception {
        RecordingUtilityExecutor utility = new RecordingUtilityExecutor();
        try {
            GuardedHttp11NioProtocol protocol = standalone(deadlineMillis, utility);
            try {
                protocol.start();
                Periodic sweep = utility.sweep();
                assertThat(sweep.initialDelayMillis()).as("the first sweep one period after start")
                    .isEqualTo(sweep.periodMillis());
                return sweep.periodMillis();
            }
            finally {
                protocol.stop();
                protocol.destroy();
            }
        }
        finally {
            utility.shutdownNow();
        }
    }

    /**
     * The protocol on its own, on a free loopback port it binds when it starts, with the
     * utility executor a connector would give it.
     */
    private static GuardedHttp11NioProtocol standalone(long deadlineMillis, ScheduledExecutorService utility)
            throws Exception {
        GuardedHttp11NioProtocol protocol = new GuardedHttp11NioProtocol();
        protocol.setAddress(InetAddress.getLoopbackAddress());
        protocol.setPort(0);
        protocol.setMaxRequestHeadTime(deadlineMillis);
        protocol.setUtilityExecutor(utility);
        return protocol;
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * What the server sends until it closes the connection; fails the test if it is still
     * open after the read timeout.
     */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                received.append((char) b);
            }
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("connection still open after " + READ_TIMEOUT_MILLIS + " ms", ex);
        }
        catch (IOException ex) {
            // Reset: closed too.
        }
        return received.toString();
    }

    /**
     * The status of a ping on a new connection, retried while the server has not yet
     * noticed that a connection closed.
     */
    private static int pingOnANewConnection(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            try {
                return RawHttp.exchange(server.port(), PING).status();
            }
            catch (IOException ex) {
                Thread.sleep(50);
            }
        }
        return 0;
    }

    /**
     * Tomcat's worker pool, taking only so many tasks and refusing every one after them,
     * as a saturated pool with a bounded queue does.
     */
    private static final class RefusingPool implements Executor {

        private final ExecutorService workers = Executors.newCachedThreadPool();

        private final AtomicInteger room;

        private final AtomicInteger refused = new AtomicInteger();

        RefusingPool(int tasks) {
            this.room = new AtomicInteger(tasks);
        }

        @Override
        public void execute(Runnable task) {
            if (this.room.getAndDecrement() <= 0) {
                this.refused.incrementAndGet();
                throw new RejectedExecutionException("no worker free");
            }
            this.workers.execute(task);
        }

    }

    /** A task the protocol scheduled to repeat, as it asked for it. */
    private record Periodic(long initialDelay, long period, TimeUnit unit, ScheduledFuture<?> future) {

        long initialDelayMillis() {
            return this.unit.toMillis(this.initialDelay);
        }

        long periodMillis() {
            return this.unit.toMillis(this.period);
        }

    }

    /**
     * Tomcat's utility executor, noting every task scheduled to repeat with a fixed
     * delay. Tomcat's own monitor is scheduled in seconds; the head sweep is the one
     * scheduled in milliseconds.
     */
    private static final class RecordingUtilityExecutor extends ScheduledThreadPoolExecutor {

        private final List<Periodic> scheduled = new CopyOnWriteArrayList<>();

        RecordingUtilityExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            ScheduledFuture<?> future = super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
            this.scheduled.add(new Periodic(initialDelay, delay, unit, future));
            return future;
        }

        Periodic sweep() {
            List<Periodic> sweeps = this.scheduled.stream()
                .filter((periodic) -> periodic.unit() == TimeUnit.MILLISECONDS)
                .toList();
            assertThat(sweeps).as("one head sweep").hasSize(1);
            return sweeps.get(0);
        }

    }

}
