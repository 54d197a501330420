package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.brightcounter.testsupport.RawHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the connection does after an answer given before the request body was read: the
 * answer goes out with {@code Connection: close}, what of the body arrives within the
 * drain time is dropped, then the connection is closed, however much of the body is still
 * to come. A body the application read keeps its connection.
 */
class UnreadBodyValveTests {

    /** Far below Tomcat's own connection timeout (60 s), which would close it too. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private TestServer server;

    @BeforeEach
    void start() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new TomcatRequestHandlingCustomizer().customize(factory);
        this.server = TestServer.start(factory, UnreadBodyValveTests::handle);
    }

    @AfterEach
    void stop() {
        this.server.close();
    }

    private static void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case "/read" -> {
                byte[] body = request.getInputStream().readAllBytes();
                response.setHeader("X-Read", Integer.toString(body.length));
                TestServer.ok(request, response);
            }
            case "/async" -> {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    try {
                        TestServer.ok(request, response);
                    }
                    catch (IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                    async.complete();
                });
            }
            default -> {
                // Left uncommitted, without a length, as most answers are when the
                // application returns.
                response.setStatus(200);
                response.setContentType("text/plain");
                response.getWriter().write("ok");
            }
        }
    }

    @Test
    void anAnswerBeforeAWholeBodyWasReadClosesTheConnection() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /ignore HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n0123456789");
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    /**
     * A body already sent in full is read and dropped before the connection is closed:
     * closed with unread bytes, the connection would be reset rather than ended, and a
     * client may lose the answer.
     */
    @Test
    void aBodySentInFullIsDrainedAndTheConnectionEndedCleanly() throws IOException {
        byte[] body = new byte[64 * 1024];
        Arrays.fill(body, (byte) 'a');
        try (Socket socket = connect()) {
            send(socket, "POST /ignore HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length + "\r\n\r\n");
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(socket.getInputStream().read()).as("ended, not reset").isEqualTo(-1);
        }
    }

    @Test
    void aBodyTheApplicationReadKeepsTheConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 2; i++) {
                send(socket, "POST /read HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n0123456789");
                RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("X-Read")).isEqualTo("10");
                assertThat(response.header("Connection")).isNull();
            }
        }
    }

    @Test
    void aRequestWithoutABodyKeepsTheConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 2; i++) {
                send(socket, "GET /ignore HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Connection")).isNull();
            }
        }
    }

    /**
     * A client that stops sending its body gets its answer at once and is then given the
     * drain time, no more: not Tomcat's wait for the rest of the body.
     */
    @Test
    void aClientThatStopsSendingItsBodyIsAnsweredAndClosedAfterTheDrainTime() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            send(socket, "POST /ignore HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n{\"id\":");
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(readUntilClosed(socket)).isEmpty();
            assertThat(System.nanoTime() - start).as("the drain waited for more of the body")
                .isGreaterThanOrEqualTo(UnreadBodyValve.DRAIN_NANOS);
        }
    }

    /**
     * With {@code Expect: 100-continue} the client waits for the server's word before
     * sending the body: it gets the final answer, never a {@code 100} after it, and the
     * connection is closed.
     */
    @Test
    void aClientWaitingToSendItsBodyIsAnsweredWithoutContinueAndClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /ignore HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 100000\r\n\r\n");
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(readUntilClosed(socket)).as("nothing after the answer").isEmpty();
        }
    }

    @Test
    void anAsyncRequestIsLeftToFinishOnItsOwn() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /async HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello");
            RawHttp.Response response = RawHttp.readResponse(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(response.header("Connection")).isNull();
            send(socket, "GET /ignore HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(RawHttp.readResponse(socket.getInputStream()).status()).as("kept alive").isEqualTo(200);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", this.server.port());
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
            throw new AssertionError(
                    "connection still open after " + TimeUnit.MILLISECONDS.toSeconds(READ_TIMEOUT_MILLIS) + " s", ex);
        }
        catch (IOException ex) {
            // Reset: closed too.
        }
        return received.toString();
    }

}
