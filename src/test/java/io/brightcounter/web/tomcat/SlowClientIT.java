package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that trickle, stall or send oversized headers never hold a worker, and get the
 * envelope when answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.tomcat.connection-timeout=1s", "bright-counter.max-body-read-time=2s" })
class SlowClientIT {

    private static final String TIMEOUT = envelope("Request timeout.", 408);

    @LocalServerPort
    private int port;

    @Test
    void aBodyThatStopsArrivingGets408() throws Exception {
        try (Socket socket = connect()) {
            send(socket,
                    "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"id\":");
            long start = System.nanoTime();
            String response = readAll(socket);
            assertThat(response).startsWith("HTTP/1.1 408").endsWith(TIMEOUT);
            assertThat(elapsedSeconds(start)).isLessThan(10);
        }
    }

    @Test
    void aBodyThatTricklesPastTheReadTimeGets408() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n");
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            try {
                // One byte every 400 ms: each read is quick, the whole body is not.
                for (int i = 0; i < 100 && elapsedSeconds(start) < 10; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(400);
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            }
            catch (IOException ex) {
                // The server answered and closed while we were still writing.
            }
            assertThat(readAll(socket)).startsWith("HTTP/1.1 408").endsWith(TIMEOUT);
            assertThat(elapsedSeconds(start)).isLessThan(10);
        }
    }

    @Test
    void headersThatStopArrivingAreCutOff() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/pi");
            long start = System.nanoTime();
            String response = readAll(socket);
            // Either closed without a word or answered with the envelope: never held
            // open.
            assertThat(response).satisfiesAnyOf((text) -> assertThat(text).isEmpty(),
                    (text) -> assertThat(text).startsWith("HTTP/1.1 4").contains("\"status\":\"error\""));
            assertThat(elapsedSeconds(start)).isLessThan(10);
        }
    }

    @Test
    void oversizedHeadersGet400Envelope() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(70_000) + "\r\n\r\n");
            assertThat(readAll(socket)).startsWith("HTTP/1.1 400").endsWith(envelope("Bad request.", 400));
        }
    }

    @Test
    void oversizedUrlGets400Envelope() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/device-readings/" + "a".repeat(70_000) + "/cumulative-count HTTP/1.1\r\n"
                    + "Host: localhost\r\n\r\n");
            assertThat(readAll(socket)).startsWith("HTTP/1.1 400").endsWith(envelope("Bad request.", 400));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", this.port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything until the server closes the connection. */
    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)\r\n0\r\n\r\n$", "")
                .replaceAll("(?s)\r\n[0-9a-f]+\r\n(\\{.*)$", "\r\n$1");
        }
        catch (SocketException ex) {
            return "";
        }
    }

    private static double elapsedSeconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

}
