package io.brightcounter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.brightcounter.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.brightcounter.testsupport.CreateBodies.create;
import static io.brightcounter.testsupport.CreateBodies.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates valid create bodies and read paths (byte flips, truncation, type swaps, huge
 * and negative numbers, deep nesting, odd Unicode and escapes, duplicate keys, giant
 * strings) and sends them over HTTP. Every answer must be a contract status with the
 * envelope, never a 500, and the service's totals must equal a reference model fed only
 * the requests it accepted.
 *
 * <p>
 * Runs {@code fuzz.tries} requests from seed {@code fuzz.seed}: a short run here, a long
 * one in {@link FuzzHttpIT}; run longer still with
 * {@code ./mvnw verify -Dit.test=FuzzHttpIT -Dfuzz.tries=100000}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.max-request-bytes=1048576")
@AutoConfigureRestTestClient
class FuzzHttpTests {

    private static final Pattern ENVELOPE = Pattern
        .compile("\\{\"status\":\"error\",\"error_message\":\"[^\"]+\",\"status_code\":(\\d{3})\\}");

    private static final Set<Integer> CREATE_STATUSES = Set.of(201, 400, 413);

    private static final Set<Integer> READ_STATUSES = Set.of(200, 400, 404);

    @Autowired
    private RestTestClient client;

    private final JsonMapper json = JsonMapper.builder().build();

    private final Map<UUID, Map<Long, long[]>> model = new HashMap<>();

    private final List<UUID> devices = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    @LocalServerPort
    private int port;

    @Test
    void mutatedRequestsGetContractAnswersAndAcceptedOnesMatchTheModel() throws Exception {
        long seed = Long.getLong("fuzz.seed", defaultSeed());
        int tries = Integer.getInteger("fuzz.tries", defaultTries());
        Random random = new Random(seed);
        Set<UUID> touched = new LinkedHashSet<>(this.devices);
        for (int i = 0; i < tries; i++) {
            if (random.nextInt(8) == 0) {
                fuzzRead(random, seed, i);
                continue;
            }
            byte[] body = mutate(validBody(random), random);
            EntityExchangeResult<String> response = post(body);
            assertContractAnswer(response, CREATE_STATUSES, seed, i, body);
            if (response.getStatus().value() == 201) {
                touched.add(accept(body));
            }
        }
        for (UUID device : touched) {
            assertMatchesModel(device);
        }
    }

    /** Requests sent when {@code fuzz.tries} is not set: few enough for the fast tier. */
    int defaultTries() {
        return 100;
    }

    long defaultSeed() {
        return 20210929L;
    }

    private String validBody(Random random) {
        String[] readings = new String[1 + random.nextInt(6)];
        for (int r = 0; r < readings.length; r++) {
            OffsetDateTime at = OffsetDateTime.parse("2021-09-29T12:00:00Z")
                .plusMinutes(random.nextInt(50))
                .withOffsetSameInstant(ZoneOffset.ofTotalSeconds(900 * (random.nextInt(145) - 72)));
            String pattern = random.nextBoolean() ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ssxx";
            long count = (random.nextInt(40) == 0) ? Long.MAX_VALUE / 3 : 1 + random.nextInt(1000);
            readings[r] = reading(count, at.format(DateTimeFormatter.ofPattern(pattern)));
        }
        UUID device = this.devices.get(random.nextInt(this.devices.size()));
        String id = random.nextBoolean() ? device.toString() : device.toString().toUpperCase(Locale.ROOT);
        return create(id, readings);
    }

    private static byte[] mutate(String valid, Random random) {
        String text = valid;
        switch (random.nextInt(12)) {
            case 0, 1 -> {
            }
            case 2 -> text = text.replaceFirst("\"count\": \\d+", "\"count\": " + pick(random, "\"7\"", "true", "null",
                    "7.0", "7e0", "[]", "{}", "-7", "0", "-0", "99999999999999999999999", "9".repeat(3000)));
            case 3 -> text = text.replaceFirst("\"timestamp\": \"[^\"]+\"",
                    "\"timestamp\": " + pick(random, "1632928155", "\"2021-09-29 16:09:15Z\"",
                            "\"2021-02-29T16:09:15Z\"", "\"2021-09-29T16:09:15.5Z\"", "null",
                            "\"2021-09-29T24:00:00Z\"", "\"2021-09-29T16:09:15+18:30\"", "[\"x\"]"));
            case 4 -> text = text.replaceFirst("\"id\": \"[^\"]+\"",
                    "\"id\": " + pick(random, "null", "\"\"", "42", "\"{" + UUID.randomUUID() + "}\"",
                            "\"" + UUID.randomUUID().toString().replace("-", "") + "\"",
                            "\"\\u0030" + UUID.randomUUID().toString().substring(1) + "\""));
            case 5 -> text = "{\"id\": \"dup\", " + text.substring(1);
            case 6 -> text = text.replace("{\"id\"", "{\"deep\": " + "[".repeat(300 + random.nextInt(400))
                    + "]".repeat(300 + random.nextInt(400)) + ", \"id\"");
            case 7 ->
                text = text.replace("{\"id\"",
                        "{\"note\": \"" + pick(random, "\\u0000", "\\ud800", "\\uDFFF\\uD800",
                                "\u00e9\u4e2d\ud83d\ude00", "\\\"\\\\\\/\\b\\f\\n\\r\\t", "x".repeat(200_000))
                                + "\", \"id\"");
            case 8 -> text = text.substring(0, random.nextInt(text.length()));
            case 9 -> text = pick(random, "[]", "null", "\"x\"", "", " ", "{}", "{\"readings\": []}", text + text,
                    text + "]");
            default -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void fuzzRead(Random random, long seed, int attempt) throws Exception {
        String id = this.devices.get(random.nextInt(this.devices.size())).toString();
        String path = switch (random.nextInt(6)) {
            case 0 -> id;
            case 1 -> id.toUpperCase(Locale.ROOT);
            case 2 -> id.substring(0, random.nextInt(id.length()));
            case 3 -> id.replace('-', pick(random, "_", "%2D", "%20").charAt(0));
            case 4 -> "%7B" + id + "%7D";
            default -> id + pick(random, "%00", "%20", "x", "%2e%2e");
        };
        String what = random.nextBoolean() ? "latest-timestamp" : "cumulative-count";
        RawHttp.Response response = RawHttp.exchange(this.port, "GET /api/device-readings/" + path + "/" + what
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).as("seed %d, try %d, path %s", seed, attempt, path).isNotEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        if (response.status() >= 400) {
            assertThat(response.body()).matches(ENVELOPE).contains("\"status_code\":" + response.status());
        }
        else {
            assertThat(READ_STATUSES).contains(response.status());
        }
    }

    private EntityExchangeResult<String> post(byte[] body) {
        return this.client.post()
            .uri("/api/device-readings/create")
            .body(body)
            .exchange()
            .expectBody(String.class)
            .returnResult();
    }

    private static void assertContractAnswer(EntityExchangeResult<String> response, Set<Integer> allowed, long seed,
            int attempt, byte[] body) {
        String what = "seed " + seed + ", try " + attempt + ", body " + preview(body);
        int status = response.getStatus().value();
        assertThat(allowed).as(what).contains(status);
        assertThat(response.getResponseHeaders().getFirst("Content-Type")).as(what).isEqualTo("application/json");
        if (status >= 400) {
            assertThat(response.getResponseBody()).as(what).matches(ENVELOPE).contains("\"status_code\":" + status);
        }
    }

    /**
     * Feeds an accepted body to the model: first reading per instant wins, as the
     * contract says.
     */
    private UUID accept(byte[] body) {
        JsonNode root = this.json.readTree(body);
        UUID device = UUID.fromString(root.get("id").asString().toLowerCase(Locale.ROOT));
        Map<Long, long[]> readings = this.model.computeIfAbsent(device, (key) -> new HashMap<>());
        for (JsonNode reading : root.get("readings")) {
            OffsetDateTime at = parse(reading.get("timestamp").asString());
            readings.putIfAbsent(at.toEpochSecond(),
                    new long[] { reading.get("count").asLong(), at.getOffset().getTotalSeconds() });
        }
        return device;
    }

    private void assertMatchesModel(UUID device) throws Exception {
        Map<Long, long[]> readings = this.model.get(device);
        String count = get(device, "cumulative-count");
        String latest = get(device, "latest-timestamp");
        if (readings == null) {
            assertThat(count).contains("Device readings not found.");
            return;
        }
        long sum = readings.values().stream().mapToLong((reading) -> reading[0]).sum();
        long instant = readings.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        String expected = OffsetDateTime
            .ofInstant(Instant.ofEpochSecond(instant), ZoneOffset.ofTotalSeconds((int) readings.get(instant)[1]))
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx"));
        assertThat(count).isEqualTo("{\"cumulative_count\":" + sum + "}");
        assertThat(latest).isEqualTo("{\"timestamp\":\"" + expected + "\"}");
    }

    private String get(UUID device, String what) {
        return this.client.get()
            .uri("/api/device-readings/{id}/{what}", device, what)
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    }

    /** An accepted timestamp, by java.time: the model's own reading of the grammar. */
    private static OffsetDateTime parse(String timestamp) {
        String normalized = timestamp.toUpperCase(Locale.ROOT).replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
        return OffsetDateTime.parse(normalized);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String preview(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, Math.min(body.length, 300));
        return out.toString(StandardCharsets.UTF_8);
    }

}
