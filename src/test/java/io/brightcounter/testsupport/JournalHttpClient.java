package io.brightcounter.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the journal's HTTP tests send: one-reading creates, and reads. */
public final class JournalHttpClient {

    private final HttpClient http = HttpClient.newHttpClient();

    public HttpResponse<String> create(int port, String device, long count, String timestamp)
            throws IOException, InterruptedException {
        String body = "{\"id\": \"" + device + "\", \"readings\": [{\"count\": " + count + ", \"timestamp\": \""
                + timestamp + "\"}]}";
        return this.http.send(HttpRequest.newBuilder(uri(port, "/api/device-readings/create"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
