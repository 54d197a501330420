package io.brightcounter.operations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing switched on, with an OTLP endpoint: a caller's W3C trace context is continued,
 * its trace id is in the request's log lines beside the request id, and the span reaches
 * the collector (a stand-in on loopback that records what it is sent).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.tracing.export.enabled=true",
                "management.opentelemetry.tracing.export.schedule-delay=100ms" })
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class TracingHttpTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final BlockingQueue<byte[]> exported = new LinkedBlockingQueue<>();

    private static final HttpServer collector = startCollector();

    @Autowired
    private RestTestClient client;

    @DynamicPropertySource
    static void collectorEndpoint(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        collector.stop(0);
    }

    @Test
    void traceIdIsLoggedBesideTheRequestIdAndTheSpanIsExported(CapturedOutput output) throws InterruptedException {
        this.client.get()
            .uri("/api/device-readings/not-a-device/cumulative-count")
            .header("X-Request-Id", "traced-42")
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .exchange()
            .expectStatus()
            .isBadRequest();
        assertThat(output).containsPattern("\\[traced-42\\] \\[" + TRACE_ID + "-[0-9a-f]{16}\\].*Rejected request");
        byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
        boolean found = false;
        for (int i = 0; i < 50 && !found; i++) {
            byte[] batch = exported.poll(200, TimeUnit.MILLISECONDS);
            found = batch != null && indexOf(batch, traceId) >= 0;
        }
        assertThat(found).as("a span of trace " + TRACE_ID + " sent to the OTLP endpoint").isTrue();
    }

    private static HttpServer startCollector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", (exchange) -> {
                exported.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
