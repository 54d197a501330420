package io.brightcounter.operations.errortracking;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.brightcounter.testsupport.ChildApplication;
import io.brightcounter.testsupport.JournalDamage;
import io.brightcounter.testsupport.SentryReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that fails is the event an operator most needs: a service whose journal is
 * damaged, or whose port is taken, stops at start, and on its way out sends one event
 * naming the cause. The service runs as a child JVM, since the failed start ends the
 * process.
 */
class ErrorTrackingStartIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void aStartStoppedByADamagedJournalIsOneEvent() throws Exception {
        int port = ChildApplication.freePort();
        ChildApplication service = launch(port, "before-damage").awaitReady(Duration.ofSeconds(120));
        try {
            for (int i = 0; i < 3; i++) {
                String body = "{\"id\": \"" + UUID.randomUUID() + "\", \"readings\": [{\"count\": 1, \"timestamp\": "
                        + "\"2021-09-29T16:0" + i + ":00Z\"}]}";
                HttpResponse<Void> created = this.http
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/device-readings/create"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertThat(created.statusCode()).isEqualTo(201);
            }
        }
        finally {
            service.kill();
        }
        JournalDamage.inTheMiddleOfTheFirstSegment(this.dir);

        try (SentryReceiver receiver = SentryReceiver.start()) {
            ChildApplication damaged = launch(port, "damaged", "--sentry.dsn=" + receiver.dsn(),
                    "--sentry.environment=start-test");
            JsonNode event = onlyEventAfterExit(damaged, receiver);
            assertThat(event.get("logger").asString()).isEqualTo("org.springframework.boot.SpringApplication");
            List<String> exceptions = new ArrayList<>();
            event.get("exception")
                .get("values")
                .forEach((exception) -> exceptions
                    .add(exception.get("type").asString() + ": " + exception.get("value").asString()));
            assertThat(exceptions)
                .anySatisfy((exception) -> assertThat(exception).startsWith("JournalDamagedException: Journal file ")
                    .contains("is damaged at offset"));
            assertThat(event.get("tags").get("store").asString()).isEqualTo("memory");
            assertThat(event.get("environment").asString()).isEqualTo("start-test");
            assertThat(event.get("release").asString()).isEqualTo(buildCommit());
        }
    }

    @Test
    void aStartStoppedByAPortInUseIsOneEvent() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SentryReceiver receiver = SentryReceiver.start()) {
            ChildApplication refused = launch(taken.getLocalPort(), "port-in-use", "--server.address=127.0.0.1",
                    "--sentry.dsn=" + receiver.dsn());
            JsonNode event = onlyEventAfterExit(refused, receiver);
            assertThat(event.get("logger").asString())
                .isEqualTo("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter");
            assertThat(event.get("message").get("formatted").asString()).contains("APPLICATION FAILED TO START",
                    "Port " + taken.getLocalPort() + " was already in use");
        }
    }

    /**
     * The one event sent by a service whose start fails, as its process ended; the wait
     * only guards against a slow machine.
     */
    private static JsonNode onlyEventAfterExit(ChildApplication service, SentryReceiver receiver)
            throws InterruptedException {
        assertThat(service.awaitExit(Duration.ofSeconds(120))).as("the start fails, see %s", service.log()).isTrue();
        assertThat(service.exitValue()).isNotZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.events().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<JsonNode> events = receiver.events();
        assertThat(events).as("events sent, see %s", service.log()).hasSize(1);
        return events.get(0);
    }

    /** The commit the build recorded, which the child reads from the same class path. */
    private static String buildCommit() throws IOException {
        Properties git = new Properties();
        try (InputStream in = ErrorTrackingStartIT.class.getResourceAsStream("/git.properties")) {
            assertThat(in).as("git.properties written by the build").isNotNull();
            git.load(in);
        }
        return git.getProperty("git.commit.id");
    }

    private ChildApplication launch(int port, String name, String... arguments) throws IOException {
        List<String> all = new ArrayList<>(
                List.of("--bright-counter.store=memory", "--bright-counter.journal.dir=" + this.dir.toAbsolutePath()));
        all.addAll(List.of(arguments));
        return ChildApplication.start(port, 0, ChildApplication.logFile("error-tracking-test", name),
                List.of("-Xmx256m"), all);
    }

}
