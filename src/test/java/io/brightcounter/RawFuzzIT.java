package io.brightcounter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * 10,000 mutated requests over raw sockets (issue 10): bodies (byte flips, invalid UTF-8,
 * truncation, repetition), headers (odd bytes, conflicting lengths, content types,
 * {@code Expect}), framing (chunk sizes, extensions, chunked and length together, unknown
 * codings) and request lines (methods, paths, versions). Each request is followed by a
 * half-close, so the server sees the end of what was sent. Every answer must be a status
 * of the contract with the envelope for errors, never a 500; every connection must end
 * (answered and closed, or closed) within a bound, never hang.
 *
 * <p>
 * {@code -Dfuzz.raw.tries=...} and {@code -Dfuzz.raw.seed=...} change the run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "bright-counter.max-request-bytes=65536",
        "server.tomcat.connection-timeout=2s", "bright-counter.max-body-read-time=3s" })
class RawFuzzIT {

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    private static final Pattern ENVELOPE = Pattern
        .compile("\\{\"status\":\"error\",\"error_message\":\"[^\"]+\",\"status_code\":(\\d{3})\\}");

    private static final Set<Integer> ALLOWED = Set.of(200, 201, 400, 404, 405, 408, 413, 414, 431, 501, 505);

    private static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
            "CONNECT", "FOO", "get", "POST " };

    private static final String[] PATHS = { "/api/ping", "/api/device-readings/create", "/anything", "/",
            "/api/device-readings/%s/latest-timestamp", "/api/device-readings/%s/cumulative-count",
            "/api/device-readings/create/", "/api//ping", "/api/device-readings/create;x=1", "/api/%%2e%%2e/ping",
            "/api/device-readings/%%ff/cumulative-count", "/api/device-readings/create?x=%%zz", "*", "/error" };

    private static final String[] CONTENT_TYPES = { "application/json", "application/x-www-form-urlencoded",
            "multipart/form-data", "multipart/form-data; boundary=zz", "text/plain; charset=utf-16",
            "application/json; charset=iso-8859-1", "", "\u00ff/\u00fe" };

    private static final byte[][] INVALID_UTF8 = { { (byte) 0xC0, (byte) 0xAF },
            { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF5, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 },
            { (byte) 0x80 }, { (byte) 0xFF, (byte) 0xFE } };

    @LocalServerPort
    private int port;

    @Test
    void tenThousandMutatedRequestsGetContractAnswersAndNoConnectionHangs() throws Exception {
        long seed = Long.getLong("fuzz.raw.seed", 20261130L);
        int tries = Integer.getInteger("fuzz.raw.tries", 10_000);
        Random random = new Random(seed);
        List<UUID> devices = List.of(UUID.randomUUID(), UUID.randomUUID());
        int answered = 0;
        for (int i = 0; i < tries; i++) {
            byte[] request = request(random, devices);
            Exchange exchange = exchange(request);
            String context = "seed " + seed + " try " + i + ": " + printable(request);
            if (exchange.hung) {
                fail("connection left hanging, " + context);
            }
            if (exchange.response.length == 0) {
                continue;
            }
            answered++;
            // An interim 100 Continue may come first when the request asked for it.
            String text = new String(exchange.response, StandardCharsets.ISO_8859_1)
                .replaceFirst("^HTTP/1\\.1 100 [^\r\n]*\r\n\r\n", "");
            Matcher status = STATUS_LINE.matcher(text);
            assertThat(status.find()).as("status line, " + context + "\n" + text).isTrue();
            int code = Integer.parseInt(status.group(1));
            assertThat(code).as(context + "\n" + text).isIn(ALLOWED);
            // Bytes past a body's declared end are a second request: judge the first
            // answer alone.
            int next = text.indexOf("HTTP/1.1 ", 1);
            String first = (next > 0) ? text.substring(0, next) : text;
            boolean head = new String(request, 0, 5, StandardCharsets.ISO_8859_1).equalsIgnoreCase("HEAD ");
            if (code >= 400 && !head) {
                Matcher envelope = ENVELOPE.matcher(first);
                assertThat(envelope.find()).as("error without envelope, " + context + "\n" + text).isTrue();
                assertThat(Integer.parseInt(envelope.group(1))).as(context).isEqualTo(code);
            }
        }
        // Most mutations still make a request the server answers.
        assertThat(answered).isGreaterThan(tries / 2);
    }

    private byte[] request(Random random, List<UUID> devices) {
        String method = pick(random, METHODS);
        if (random.nextInt(3) > 0) {
            method = random.nextBoolean() ? "POST" : "GET";
        }
        String path = String.format(pick(random, PATHS), devices.get(random.nextInt(devices.size())));
        if (random.nextInt(3) > 0) {
            path = method.equals("POST") ? "/api/device-readings/create"
                    : String.format(PATHS[4 + random.nextInt(2)], devices.get(random.nextInt(devices.size())));
        }
        String version = (random.nextInt(20) == 0)
                ? pick(random, new String[] { "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "" }) : "HTTP/1.1";
        byte[] body = body(random, devices);
        List<String> headers = new ArrayList<>();
        headers.add("Host: localhost");
        if (random.nextInt(3) == 0) {
            headers.add("Content-Type: " + pick(random, CONTENT_TYPES));
        }
        if (random.nextInt(10) == 0) {
            headers.add("Expect: 100-continue");
        }
        if (random.nextInt(12) == 0) {
            headers.add("X-Odd: " + (char) random.nextInt(256) + "v" + (char) (0x80 + random.nextInt(128)));
        }
        if (random.nextInt(40) == 0) {
            headers.add("X-Big: " + "a".repeat(random.nextInt(40_000)));
        }
        boolean chunked = random.nextInt(4) == 0;
        byte[] framed;
        if (chunked) {
            headers.add("Transfer-Encoding: " + ((random.nextInt(8) == 0)
                    ? pick(random, new String[] { "xchunked", "gzip, chunked", "chunked, gzip", "identity" })
                    : "chunked"));
            if (random.nextInt(8) == 0) {
                headers.add("Content-Length: " + body.length);
            }
            framed = chunk(random, body);
        }
        else {
            int declared = body.length;
            switch (random.nextInt(12)) {
                case 0 -> declared = Math.max(0, body.length - random.nextInt(Math.max(1, body.length)));
                case 1 -> declared = body.length + random.nextInt(100);
                case 2 -> headers.add("Content-Length: " + (body.length + 1));
                case 3 -> declared = -1;
                default -> {
                }
            }
            if (declared >= 0) {
                headers.add("Content-Length: " + declared);
            }
            framed = body;
        }
        if (random.nextInt(20) == 0) {
            headers.add(random.nextBoolean() ? "Bad Header" : ": empty name");
        }
        java.util.Collections.shuffle(headers, random);
        StringBuilder head = new StringBuilder(method).append(' ')
            .append(path)
            .append(' ')
            .append(version)
            .append("\r\n");
        for (String header : headers) {
            head.append(header).append((random.nextInt(30) == 0) ? "\n" : "\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(framed);
        return out.toByteArray();
    }

    private static byte[] body(Random random, List<UUID> devices) {
        String id = devices.get(random.nextInt(devices.size())).toString();
        StringBuilder json = new StringBuilder("{\"id\": \"" + id + "\", \"readings\": [");
        int readings = 1 + random.nextInt(4);
        for (int r = 0; r < readings; r++) {
            json.append((r > 0) ? ", " : "")
                .append("{\"count\": ")
                .append(1 + random.nextInt(9))
                .append(", \"timestamp\": \"2021-09-29T16:0")
                .append(random.nextInt(10))
                .append(":1")
                .append(random.nextInt(10))
                .append("+01:00\"}");
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        int mutations = random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            body = switch (random.nextInt(5)) {
                case 0 -> flip(random, body);
                case 1 ->
                    insert(body, random.nextInt(body.length + 1), INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
                case 2 -> java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
                case 3 -> (random.nextInt(4) == 0) ? new byte[70_000] : body;
                default ->
                    insert(body, random.nextInt(body.length + 1), "\u00e9\u20ac".getBytes(StandardCharsets.UTF_8));
            };
        }
        return body;
    }

    private static byte[] chunk(Random random, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + random.nextInt(64));
            String sizeLine = switch (random.nextInt(25)) {
                case 0 -> "zz";
                case 1 -> Integer.toHexString(size + 3);
                case 2 -> Integer.toHexString(size) + ";ext=\u0001";
                case 3 -> "-" + size;
                default -> Integer.toHexString(size);
            };
            out.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, size);
            out.writeBytes((random.nextInt(40) == 0) ? new byte[] { 'X', 'X' } : new byte[] { '\r', '\n' });
            at += size;
        }
        if (random.nextInt(10) > 0) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private Exchange exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            // The server's slowest bound: the body read time (3 s) plus one read's
            // timeout (2 s).
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            }
            catch (IOException ex) {
                // The server answered and closed before everything was sent: read what it
                // said.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    response.write(buffer, 0, read);
                }
            }
            catch (SocketTimeoutException ex) {
                return new Exchange(response.toByteArray(), true);
            }
            catch (IOException ex) {
                // Reset by the server after its answer: the answer read so far counts.
            }
            return new Exchange(response.toByteArray(), false);
        }
    }

    private static byte[] flip(Random random, byte[] body) {
        if (body.length == 0) {
            return body;
        }
        byte[] copy = body.clone();
        copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        return copy;
    }

    private static byte[] insert(byte[] body, int at, byte[] bytes) {
        byte[] result = new byte[body.length + bytes.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(bytes, 0, result, at, bytes.length);
        System.arraycopy(body, at, result, at + bytes.length, body.length - at);
        return result;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String printable(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 600), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "\\r").replace("\n", "\\n\n");
    }

    private record Exchange(byte[] response, boolean hung) {
    }

}
