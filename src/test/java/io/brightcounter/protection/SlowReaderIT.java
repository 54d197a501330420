package io.brightcounter.protection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 4: clients that pipeline large reads and never read the answers.
 * Their responses fill the socket buffers and the server's write blocks; a permit held
 * through that write was held for the whole write timeout, so a few such clients took
 * every read permit and every other read got 503. The permit covers the work, not the
 * write.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "bright-counter.overload.max-reads=2",
        "bright-counter.overload.max-wait=300ms", "server.tomcat.connection-timeout=60s" })
class SlowReaderIT {

    private static final int SLOW_READERS = 4;

    @LocalServerPort
    private int port;

    @Test
    void readersThatNeverReadTheirAnswersHoldNoReadPermit() throws Exception {
        byte[] lookup = lookupOfAThousandDevices();
        List<Socket> readers = new ArrayList<>();
        List<AtomicLong> written = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_READERS; i++) {
                Socket socket = new Socket();
                // A small window: the server's answers back up after a few kilobytes.
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", this.port));
                AtomicLong requests = new AtomicLong();
                Thread writer = new Thread(() -> pipeline(socket, lookup, requests));
                writer.setDaemon(true);
                writer.start();
                readers.add(socket);
                written.add(requests);
                writers.add(writer);
            }
            awaitEveryWriterStalled(written);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(RawHttp.exchange(this.port, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n").status());
            }
            assertThat(statuses).as("pings while %d readers are stuck", SLOW_READERS).containsOnly(200);
        }
        finally {
            for (Socket socket : readers) {
                socket.close();
            }
            for (Thread writer : writers) {
                writer.join(10_000);
            }
        }
    }

    /**
     * Writes the lookup again and again without reading; ends when a write fails (the
     * socket closed).
     */
    private static void pipeline(Socket socket, byte[] lookup, AtomicLong requests) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 2_000; i++) {
                out.write(lookup);
                requests.incrementAndGet();
            }
        }
        catch (IOException ex) {
            // Closed at the end of the test.
        }
    }

    /**
     * Once the server stops reading a connection (its write of an answer blocks), the
     * client's writes block too: no progress for a second on every connection means every
     * one of them has a blocked answer on the server.
     */
    private static void awaitEveryWriterStalled(List<AtomicLong> written) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long[] last = new long[written.size()];
        while (System.nanoTime() < deadline) {
            boolean stalled = true;
            for (int i = 0; i < last.length; i++) {
                long now = written.get(i).get();
                stalled &= now == last[i] && now > 0;
                last[i] = now;
            }
            if (stalled) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the server kept reading the pipelined lookups");
    }

    private static byte[] lookupOfAThousandDevices() {
        StringJoiner ids = new StringJoiner(",");
        for (int i = 0; i < 1000; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ("GET /api/devices?id=" + ids + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

}
