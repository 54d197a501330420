package io.brightcounter.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Sentry on loopback: accepts envelopes where a Sentry project's DSN sends
 * them ({@code POST /api/<project>/envelope/}, gzipped as the SDK sends them) and keeps
 * each one as text, with the events in it. Anything sent elsewhere is counted too, so a
 * test can say the receiver was never contacted at all.
 */
public final class SentryReceiver implements AutoCloseable {

    private static final String PROJECT = "4242";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final List<Envelope> envelopes = new CopyOnWriteArrayList<>();

    private final AtomicInteger requests = new AtomicInteger();

    private SentryReceiver() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/", this::receive);
        this.server.start();
    }

    public static SentryReceiver start() {
        try {
            return new SentryReceiver();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The DSN that sends here: a public key, this address and the project. */
    public String dsn() {
        return "http://0123456789abcdef0123456789abcdef@127.0.0.1:" + this.server.getAddress().getPort() + "/"
                + PROJECT;
    }

    /** Requests of any kind received so far. */
    public int requests() {
        return this.requests.get();
    }

    public List<Envelope> envelopes() {
        return List.copyOf(this.envelopes);
    }

    /** Every event received so far, in order of arrival. */
    public List<JsonNode> events() {
        return this.envelopes.stream().flatMap((envelope) -> envelope.events().stream()).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        this.requests.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/api/" + PROJECT + "/envelope/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = unzipped.readAllBytes();
                }
            }
            this.envelopes.add(Envelope.parse(body));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    /**
     * One envelope: its whole text, and the payloads of its items of type {@code event}.
     */
    public record Envelope(String text, List<JsonNode> events) {

        /**
         * A header line, then items: each an item header line and a payload, of the
         * header's {@code length} in bytes or else up to the next newline.
         */
        static Envelope parse(byte[] envelope) {
            List<JsonNode> events = new ArrayList<>();
            int position = lineEnd(envelope, 0) + 1;
            while (position < envelope.length) {
                int headerEnd = lineEnd(envelope, position);
                JsonNode header = JSON.readTree(Arrays.copyOfRange(envelope, position, headerEnd));
                int start = headerEnd + 1;
                int end = header.has("length") ? start + header.get("length").asInt() : lineEnd(envelope, start);
                if ("event".equals(header.get("type").asString())) {
                    events.add(JSON.readTree(Arrays.copyOfRange(envelope, start, end)));
                }
                position = end + 1;
            }
            return new Envelope(new String(envelope, StandardCharsets.UTF_8), events);
        }

        private static int lineEnd(byte[] bytes, int from) {
            int i = from;
            while (i < bytes.length && bytes[i] != '\n') {
                i++;
            }
            return i;
        }

    }

}
