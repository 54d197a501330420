package io.brightcounter.protection;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 11: the overload wait counts the time a request waited in the queue
 * for a worker thread, not only the time after a worker picked it up. Here both workers
 * are held by bodies that trickle in for seconds; a ping that waited that long in the
 * queue is refused with 503 and {@code Retry-After} once a worker takes it, instead of
 * answered seconds late.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.tomcat.threads.max=2", "server.tomcat.threads.min-spare=1",
                "bright-counter.overload.max-wait=300ms", "server.tomcat.connection-timeout=20s" })
class QueueTimeSheddingIT {

    @LocalServerPort
    private int port;

    @Test
    void aRequestThatWaitedInTheQueuePastTheWaitIsRefused() throws Exception {
        warmUp();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<CompletableFuture<RawHttp.Response>> slowCreates = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slowCreates.add(CompletableFuture.supplyAsync(this::tricklingCreate, clients));
        }
        // Both workers are reading the trickling bodies for about four seconds.
        Thread.sleep(1500);
        RawHttp.Response queued = RawHttp.exchange(this.port, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(queued.status()).isEqualTo(503);
        assertThat(queued.header("Retry-After")).isEqualTo("1");
        assertThat(queued.body()).isEqualTo(envelope("Service unavailable.", 503));
        for (CompletableFuture<RawHttp.Response> create : slowCreates) {
            assertThat(create.get(60, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        clients.shutdown();
        // Nothing queues now: served.
        assertThat(RawHttp.exchange(this.port, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
            .isEqualTo(200);
    }

    /**
     * A fresh context's first requests load classes for seconds on a loaded machine: a
     * create is sent until it is answered, so that the trickling creates below take their
     * workers promptly.
     */
    private void warmUp() throws Exception {
        byte[] body = create(UUID.randomUUID().toString(), reading(1, "2021-09-29T16:09:15Z"))
            .getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + 60_000_000_000L;
        int status = 0;
        while (status != 201 && System.nanoTime() < deadline) {
            status = RawHttp.post(this.port, "/api/device-readings/create", body).status();
        }
        assertThat(status).as("warm-up create").isEqualTo(201);
    }

    private RawHttp.Response tricklingCreate() {
        byte[] body = create(UUID.randomUUID().toString(), reading(1, "2021-09-29T16:09:15Z"))
            .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 8; i++) {
                out.write(body[i]);
                out.flush();
                Thread.sleep(500);
            }
            out.write(body, 8, body.length - 8);
            out.flush();
            return RawHttp.readResponse(socket.getInputStream());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

}
