package io.brightcounter.operations.errortracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import ch.qos.logback.classic.LoggerContext;
import io.brightcounter.readings.memory.journal.FaultyJournalFileSystem;
import io.brightcounter.testsupport.FaultyDiskConfiguration;
import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.SentryReceiver;
import io.sentry.Sentry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error tracking is off without {@code sentry.dsn}: a 500 and a failed journal write,
 * which are events when it is on, leave a Sentry receiver untouched, and nothing of
 * Sentry exists in the process: no bean, no appender, no started SDK.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.journal.mode=fsync")
@Import({ FaultyFilterConfiguration.class, FaultyDiskConfiguration.class })
class ErrorTrackingOffHttpTests {

    private static final SentryReceiver receiver = SentryReceiver.start();

    private static final String SDK_PROPERTIES_FILE = "sentry.properties.file";

    @TempDir
    static Path sdkSettings;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private FaultyJournalFileSystem disk;

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void receiverDsnWhereTheSdkLooks() throws IOException {
        Path file = Files.writeString(sdkSettings.resolve("sentry.properties"), "dsn=" + receiver.dsn() + "\n");
        System.setProperty(SDK_PROPERTIES_FILE, file.toString());
    }

    @AfterAll
    static void stopReceiver() {
        System.clearProperty(SDK_PROPERTIES_FILE);
        receiver.close();
    }

    @Test
    void faultsSendNothingAndNothingOfSentryExists() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/api/ping")).header(FaultyFilterConfiguration.HEADER, "boom"))
            .statusCode()).isEqualTo(500);
        this.disk.diskFull(true);
        try {
            assertThat(send(HttpRequest.newBuilder(uri("/api/device-readings/create"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + UUID.randomUUID()
                        + "\", \"readings\": [{\"count\": 1, \"timestamp\": \"2021-09-29T16:09:15Z\"}]}")))
                .statusCode()).isEqualTo(503);
        }
        finally {
            this.disk.diskFull(false);
        }
        // Would anything have been queued, this sends it.
        Sentry.flush(10_000);
        assertThat(receiver.requests()).isZero();
        assertThat(Arrays.stream(this.context.getBeanDefinitionNames()).map(this.context::getType))
            .noneMatch((type) -> type != null && (type.getPackageName().startsWith("io.sentry")
                    || type.getPackageName().startsWith("io.brightcounter.operations.errortracking")));
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).toIterable()
            .noneMatch((appender) -> appender.getClass().getPackageName().startsWith("io.sentry"));
        assertThat(Sentry.isEnabled()).isFalse();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

}
