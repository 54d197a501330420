package io.brightcounter.operations;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.ManagementEndpoints;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring kit against the running service: after a scripted sequence of requests,
 * every metric that a Grafana dashboard query or a Prometheus alert rule names is on
 * {@code /actuator/prometheus}, so no panel stays empty and no alert waits on a series
 * that never comes. Subclasses run the same check on the other store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(FaultyFilterConfiguration.class)
class MonitoringKitHttpTests {

    /** Series Prometheus makes itself rather than scrapes. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    private static final Pattern LABELS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");

    private static final Pattern GROUPING = Pattern
        .compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan", "by",
            "without", "on", "ignoring", "group_left", "group_right");

    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @Autowired
    private RestTestClient client;

    @LocalManagementPort
    private int managementPort;

    /**
     * Metrics this store does not export at all (each is covered by the other store's
     * run).
     */
    Set<String> notExportedByThisStore() {
        return Set.of("hikaricp_connections_timeout_total");
    }

    @Test
    void everyMetricOfEveryDashboardAndAlertIsExported() throws IOException {
        sendScriptedSequence();
        Set<String> exported = exportedNames();
        Set<String> expected = new TreeSet<>(usedNames());
        assertThat(expected).as("metric names found in the queries")
            .contains("http_server_requests_seconds_bucket", "bright_counter_requests_rejected_total",
                    "bright_counter_ready");
        expected.removeAll(MADE_BY_PROMETHEUS);
        expected.removeAll(notExportedByThisStore());
        assertThat(exported).containsAll(expected);
    }

    @Test
    void apiLatencyIsAHistogramWithBucketsPerEndpoint() {
        sendScriptedSequence();
        String scrape = management("/actuator/prometheus");
        assertThat(scrape).containsPattern(
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/device-readings/create\"[^}]*le=\"0\\.005\"}")
            .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/ping\"[^}]*le=\"\\+Inf\"}")
            .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"500\"")
            .containsPattern("(?m)^bright_counter_ready 1\\.0$");
    }

    /**
     * The names every dashboard query and alert rule expression reads, as PromQL spells
     * them.
     */
    static Set<String> usedNames() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> dashboards = Files.list(Path.of("monitoring/grafana/dashboards"))) {
            for (Path dashboard : dashboards.filter((path) -> path.toString().endsWith(".json")).toList()) {
                json.readTree(dashboard.toFile())
                    .findValues("expr")
                    .forEach((expr) -> expressions.add(expr.asString()));
            }
        }
        try (Reader alerts = Files.newBufferedReader(Path.of("monitoring/alerts.yml"))) {
            Map<String, List<Map<String, List<Map<String, Object>>>>> rules = new Yaml().load(alerts);
            rules.get("groups")
                .forEach((group) -> group.get("rules")
                    .forEach((rule) -> expressions.add(String.valueOf(rule.get("expr")))));
        }
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> names = new TreeSet<>();
        expressions.forEach((expression) -> names.addAll(namesIn(expression)));
        return names;
    }

    /**
     * The metric names of one PromQL expression: what is left once labels, ranges and
     * groupings go.
     */
    static List<String> namesIn(String expression) {
        String bare = GROUPING.matcher(LABELS_AND_RANGES.matcher(expression).replaceAll(" ")).replaceAll(" ");
        List<String> names = new ArrayList<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group())) {
                names.add(identifier.group());
            }
        }
        return names;
    }

    @Test
    void promQlNamesAreFoundAndFunctionsLabelsAndKeywordsAreNot() {
        String expression = "histogram_quantile(0.99, sum by (le, uri) (rate(a_bucket{uri=~\"/api/.*\"}[1m]))) "
                + "/ on (instance) group_left b_total > bool 0.5 and c offset 5m";
        assertThat(namesIn(expression)).containsExactly("a_bucket", "b_total", "c");
    }

    private void sendScriptedSequence() {
        String device = UUID.randomUUID().toString();
        String batch = "{\"id\": \"" + device
                + "\", \"readings\": [{\"count\": 3, \"timestamp\": \"2021-09-29T16:09:15Z\"}]}";
        this.client.get().uri("/api/ping").exchange().expectStatus().isOk();
        create(batch, 201);
        create(batch, 201);
        create("{\"id\": ", 400);
        this.client.get().uri("/api/device-readings/" + device + "/latest-timestamp").exchange().expectStatus().isOk();
        this.client.get()
            .uri("/api/device-readings/" + UUID.randomUUID() + "/cumulative-count")
            .exchange()
            .expectStatus()
            .isNotFound();
        this.client.get()
            .uri("/api/ping")
            .header(FaultyFilterConfiguration.HEADER, "boom")
            .exchange()
            .expectStatus()
            .isEqualTo(500);
    }

    private void create(String body, int status) {
        this.client.post()
            .uri("/api/device-readings/create")
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status);
    }

    private Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        SAMPLE_NAME.matcher(management("/actuator/prometheus")).results().forEach((name) -> names.add(name.group(1)));
        return names;
    }

    private String management(String path) {
        return ManagementEndpoints.okBody(this.managementPort, path);
    }

}
