package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.brightcounter.testsupport.RawHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each customizer makes of a Tomcat that Spring Boot's factory builds: the guarded
 * protocol with the configured head deadline and the response headers, the JSON error
 * report in place of Tomcat's HTML one, and {@code 100 Continue} only once the body is
 * read.
 */
class TomcatCustomizersTests {

    private final List<Integer> reported = new CopyOnWriteArrayList<>();

    @Test
    void theEdgeIsTheGuardedProtocolWithTheConfiguredHeadDeadlineAndTheHeaders() throws IOException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new TomcatEdgeCustomizer(TestServer.edge(Duration.ofMillis(1_234))).customize(factory);
        try (TestServer server = TestServer.start(factory, TestServer::ok)) {
            assertThat(server.connector().getProtocolHandler()).isInstanceOf(GuardedHttp11NioProtocol.class);
            assertThat(server.protocol().getMaxRequestHeadTime()).isEqualTo(1_234);
            RawHttp.Response response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void anErrorTheApplicationLeftUnansweredIsAnsweredByTheResponderWithTheHeaders() throws IOException {
        try (TestServer server = TestServer.start(errorReporting(), TomcatCustomizersTests::sendError)) {
            RawHttp.Response response = RawHttp.exchange(server.port(), "GET /418 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response.status()).isEqualTo(418);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.body()).isEqualTo("{\"reported\":418}");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(this.reported).containsExactly(418);
        }
    }

    @Test
    void aRequestTomcatRefusesItselfIsAnsweredByTheResponder() throws IOException {
        try (TestServer server = TestServer.start(errorReporting(), TomcatCustomizersTests::sendError)) {
            RawHttp.Response response = RawHttp.exchange(server.port(),
                    "GET /ping HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"reported\":400}");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void successesAndErrorsWithABodyAreLeftAsTheyAre() throws IOException {
        try (TestServer server = TestServer.start(errorReporting(), TomcatCustomizersTests::sendError)) {
            RawHttp.Response ok = RawHttp.exchange(server.port(), "GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("ok");
            RawHttp.Response unset = RawHttp.exchange(server.port(),
                    "GET /status-only HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(unset.status()).isEqualTo(404);
            assertThat(unset.body()).isEmpty();
            assertThat(this.reported).isEmpty();
        }
    }

    @Test
    void theJsonReportIsTheHostsOnlyErrorReport() {
        try (TestServer server = TestServer.start(errorReporting(), TomcatCustomizersTests::sendError)) {
            assertThat(errorReports(server)).singleElement().isInstanceOf(JsonErrorReportValve.class);
        }
    }

    /**
     * Spring Boot adds a plain error report valve of its own before this customizer runs
     * (when stack traces are never included): it is taken out, and the envelope answers.
     */
    @Test
    void aPlainErrorReportAddedBeforeIsReplacedByTheJsonOne() throws IOException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.addContextCustomizers((context) -> context.getParent().getPipeline().addValve(new ErrorReportValve()));
        customizeErrorReport(factory);
        try (TestServer server = TestServer.start(factory, TomcatCustomizersTests::sendError)) {
            assertThat(errorReports(server)).singleElement().isInstanceOf(JsonErrorReportValve.class);
            RawHttp.Response response = RawHttp.exchange(server.port(), "GET /418 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response.status()).isEqualTo(418);
            assertThat(response.body()).isEqualTo("{\"reported\":418}");
        }
    }

    @Test
    void theErrorReportIsPutInPlaceLast() {
        assertThat(new TomcatErrorReportCustomizer((request, response, status) -> {
        }).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
    }

    /**
     * {@code 100 Continue} is sent once the application reads the body, and never to a
     * request refused without reading it.
     */
    @Test
    void continueIsSentOnlyWhenTheBodyIsRead() throws IOException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new TomcatRequestHandlingCustomizer().customize(factory);
        try (TestServer server = TestServer.start(factory, (request, response) -> {
            if (request.getRequestURI().equals("/read")) {
                request.getInputStream().readAllBytes();
                TestServer.ok(request, response);
            }
            else {
                response.setStatus(413);
                response.setContentLength(0);
            }
        })) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(30_000);
                send(socket, "POST /refuse HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 5\r\n\r\n");
                assertThat(RawHttp.readResponse(socket.getInputStream()).status()).isEqualTo(413);
            }
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(30_000);
                send(socket, "POST /read HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 5\r\n\r\n");
                assertThat(RawHttp.readResponse(socket.getInputStream()).status()).isEqualTo(100);
                send(socket, "hello");
                assertThat(RawHttp.readResponse(socket.getInputStream()).status()).isEqualTo(200);
            }
        }
    }

    private TomcatServletWebServerFactory errorReporting() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        customizeErrorReport(factory);
        return factory;
    }

    /** The JSON error report, with a responder that notes each status it answers. */
    private void customizeErrorReport(TomcatServletWebServerFactory factory) {
        new TomcatErrorReportCustomizer((request, response, status) -> {
            this.reported.add(status);
            byte[] body = ("{\"reported\":" + status + "}").getBytes(StandardCharsets.US_ASCII);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }).customize(factory);
    }

    private static List<Valve> errorReports(TestServer server) {
        List<Valve> reports = new ArrayList<>();
        for (Container host : server.server().getTomcat().getEngine().findChildren()) {
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    reports.add(valve);
                }
            }
        }
        return reports;
    }

    private static void sendError(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case "/ok" -> TestServer.ok(request, response);
            case "/status-only" -> response.setStatus(404);
            default -> response.sendError(Integer.parseInt(request.getRequestURI().substring(1)));
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

}
