package io.brightcounter.protection;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.brightcounter.BrightCounterApplication;
import io.brightcounter.readings.DeviceReadingStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On shutdown readiness goes down first, and a request already in progress completes:
 * here a create whose body is still arriving when the shutdown begins.
 */
class GracefulShutdownIT {

    @Test
    void aRequestInFlightWhenShutdownBeginsCompletesAndIsStored() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BrightCounterApplication.class)
            .run("--server.port=0", "--management.server.port=0");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        DeviceReadingStore store = context.getBean(DeviceReadingStore.class);
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        UUID device = UUID.randomUUID();
        byte[] body = create(device, reading(7, "2021-09-29T16:09:15Z")).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/device-readings/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 20);
            out.flush();
            Thread.sleep(300);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(closing).isNotDone();
            out.write(body, 20, body.length - 20);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(response).isEqualTo("HTTP/1.1 201");
            closing.get(30, TimeUnit.SECONDS);
        }
        finally {
            context.close();
        }
        assertThat(store.totals(device))
            .hasValueSatisfying((totals) -> assertThat(totals.cumulativeCount()).isEqualTo(7));
    }

}
