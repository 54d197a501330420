package io.brightcounter.readings.postgres;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TcpProxy;
import io.brightcounter.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.brightcounter.testsupport.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, finding 11: with the PostgreSQL store, a database that cannot be reached (its
 * connections cut, nothing listening) or a pool with no free connection makes requests
 * wait at most the pool's connection timeout and answer 503 with {@code Retry-After},
 * logged as one WARN rather than a stack trace per request; readiness follows the
 * database, and the service recovers by itself when the database is back. The database is
 * reached through a proxy the test stops, never stopped itself.
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.server.port=0", "spring.datasource.hikari.maximum-pool-size=3" })
@ExtendWith(OutputCaptureExtension.class)
class PostgresFaultsIT {

    private static final String UNAVAILABLE = envelope("Service unavailable.", 503);

    /**
     * Hikari's connection wait is 2 s; before it the wait was 30 s. Five seconds more
     * than the wait leaves room for a loaded machine.
     */
    private static final Duration WITHIN_THE_CONNECTION_WAIT = Duration.ofSeconds(7);

    private static TcpProxy proxy;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabase.dataSource();
        Matcher target = Pattern.compile("//([^:/]+):(\\d+)/").matcher(TestDatabase.URL);
        assertThat(target.find()).as("host and port in " + TestDatabase.URL).isTrue();
        proxy = new TcpProxy(target.group(1), Integer.parseInt(target.group(2)));
        TestDatabase.register(registry);
        registry.add("spring.datasource.url",
                () -> TestDatabase.URL.replace(target.group(0), "//127.0.0.1:" + proxy.port() + "/"));
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void anExhaustedPoolGets503WithinTheConnectionWait() throws Exception {
        String device = UUID.randomUUID().toString();
        assertThat(create(device).statusCode()).isEqualTo(201);
        Connection[] held = new Connection[3];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = this.dataSource.getConnection();
            }
            long start = System.nanoTime();
            HttpResponse<String> response = create(device);
            assertUnavailable(response);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN_THE_CONNECTION_WAIT);
            assertUnavailable(get("/api/device-readings/" + device + "/cumulative-count"));
            assertUnavailable(get(
                    "/api/devices/" + device + "/series?from=2021-09-29T00:00:00Z&to=2021-09-30T00:00:00Z&step=PT1H"));
            assertThat(get("/api/ping").statusCode()).isEqualTo(200);
        }
        finally {
            for (Connection connection : held) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
        assertThat(get("/api/device-readings/" + device + "/cumulative-count").body())
            .isEqualTo("{\"cumulative_count\":3}");
    }

    @Test
    void aDatabaseThatGoesAwayGets503AndOneWarningAndTheServiceRecoversByItself(CapturedOutput output)
            throws Exception {
        String device = UUID.randomUUID().toString();
        assertThat(create(device).statusCode()).isEqualTo(201);
        assertThat(readiness().statusCode()).isEqualTo(200);
        proxy.stop();
        try {
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                assertUnavailable(create(UUID.randomUUID().toString()));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN_THE_CONNECTION_WAIT);
            }
            assertUnavailable(get("/api/device-readings/" + device + "/latest-timestamp"));
            assertThat(readiness().statusCode()).isEqualTo(503);
            assertThat(get("/api/ping").statusCode()).isEqualTo(200);
        }
        finally {
            proxy.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 201) {
            status = create(device).statusCode();
            if (status != 201) {
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(201);
        assertThat(readiness().statusCode()).isEqualTo(200);
        String log = output.getOut() + output.getErr();
        assertThat(log.lines().filter((line) -> line.contains(" WARN ") && line.contains("database"))).hasSize(1);
        assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat org.postgresql");
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).isEqualTo(UNAVAILABLE);
    }

    private HttpResponse<String> create(String device) throws Exception {
        String body = "{\"id\": \"" + device
                + "\", \"readings\": [{\"count\": 3, \"timestamp\": \"2021-09-29T15:09:15Z\"}]}";
        return this.http
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/device-readings/create"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(20))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> readiness() throws Exception {
        return this.http.send(HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(20))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

}
