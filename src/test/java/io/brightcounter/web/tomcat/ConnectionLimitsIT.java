package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request head that trickles in is cut off at the head deadline, and connections past
 * {@code max-connections} are refused at once rather than left waiting. Short limits keep
 * it quick.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "bright-counter.max-request-head-time=3s",
        "server.tomcat.connection-timeout=3s", "server.tomcat.max-connections=8" })
class ConnectionLimitsIT {

    private static final double HEAD_DEADLINE = 3;

    private static final double CONNECTION_TIMEOUT = 3;

    /**
     * Far past the deadline plus the connection timeout, for a loaded machine (6.007 s
     * against a bound of 6 s was seen), and still half of how long the client keeps
     * trickling: a connection nothing cuts off stays open the whole time.
     */
    private static final double GENEROUS_BOUND = 20;

    private static final int TRICKLE_SECONDS = 40;

    @LocalServerPort
    private int port;

    /**
     * One byte a second, and five a second: every read is well within the 3 s connection
     * timeout. Faster than the poller checks timeouts (once a second), each byte used to
     * reset the shortened read timeout before the check saw it, and the connection stayed
     * open as long as the client liked.
     */
    @ParameterizedTest
    @ValueSource(ints = { 1000, 200 })
    void aHeadTricklingInIsClosedOnceItsDeadlineHasPassed(int millisBetweenBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            long start = System.nanoTime();
            socket.getOutputStream()
                .write("GET /api/ping HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            boolean open = true;
            for (int i = 0; i < TRICKLE_SECONDS * 1000 / millisBetweenBytes && open; i++) {
                open = stillOpenAfter(socket, millisBetweenBytes);
                if (open) {
                    try {
                        socket.getOutputStream().write('a');
                    }
                    catch (IOException ex) {
                        open = false;
                    }
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertThat(open).as("connection still open after %.1f s", elapsed).isFalse();
            assertThat(elapsed).isGreaterThanOrEqualTo(HEAD_DEADLINE).isLessThan(GENEROUS_BOUND);
        }
    }

    @Test
    void aHeadArrivingSteadilyWithinTheDeadlineIsAnswered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(5000);
            for (String part : new String[] { "GET /api/ping HTTP/1.1\r\n", "Host: localhost\r\n", "X-A: 1\r\n",
                    "\r\n" }) {
                socket.getOutputStream().write(part.getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(600);
            }
            assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void aConnectionPastTheLimitIsClosedAtOnce() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(new Socket("127.0.0.1", this.port));
            }
            try (Socket extra = new Socket("127.0.0.1", this.port)) {
                // Left in the backlog, it would wait unanswered until the held ones
                // close.
                assertThat(stillOpenAfter(extra, 10_000)).as("the ninth connection is closed").isFalse();
            }
        }
        finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            try {
                status = RawHttp.exchange(this.port, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n").status();
            }
            catch (IOException ex) {
                // The server has not yet noticed that the held connections are gone.
            }
        }
        assertThat(status).as("served again once connections are free").isEqualTo(200);
    }

    /**
     * Waits for the server to close the connection; false if it did (or answered), true
     * if it stays silent.
     */
    private static boolean stillOpenAfter(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            in.read();
            return false;
        }
        catch (SocketTimeoutException ex) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
