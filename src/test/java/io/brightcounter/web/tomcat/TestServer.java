package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.brightcounter.config.EdgeProperties;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/**
 * An embedded Tomcat on a free port, built by Spring Boot's factory with this package's
 * customizers as the application applies them, serving one servlet on every path: the
 * container's edge without the rest of the application.
 */
final class TestServer implements AutoCloseable {

    private final TomcatWebServer server;

    private TestServer(TomcatWebServer server) {
        this.server = server;
    }

    /** A server with the edge customizer only (the guarded protocol and the headers). */
    static TestServer start(Duration maxRequestHeadTime, Consumer<Connector> connector, Handler handler) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new TomcatEdgeCustomizer(edge(maxRequestHeadTime)).customize(factory);
        factory.addConnectorCustomizers(connector::accept);
        return start(factory, handler);
    }

    /** A server from a factory the caller customized. */
    static TestServer start(TomcatServletWebServerFactory factory, Handler handler) {
        TomcatWebServer server = (TomcatWebServer) factory.getWebServer((context) -> {
            ServletRegistration.Dynamic servlet = context.addServlet("test", new HandlerServlet(handler));
            servlet.addMapping("/*");
            servlet.setAsyncSupported(true);
        });
        server.start();
        return new TestServer(server);
    }

    static EdgeProperties edge(Duration maxRequestHeadTime) {
        return new EdgeProperties(maxRequestHeadTime, Duration.ofSeconds(5), false, new EdgeProperties.Cors(List.of()));
    }

    /**
     * 200 with {@code ok}, and how long the request waited for its worker thread in
     * {@code X-Queued-Nanos}.
     */
    static void ok(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setHeader("X-Queued-Nanos", Long.toString(RequestQueueing.queuedNanos()));
        response.setContentType("text/plain");
        response.setContentLength(2);
        response.getOutputStream().write(new byte[] { 'o', 'k' });
    }

    int port() {
        return this.server.getPort();
    }

    TomcatWebServer server() {
        return this.server;
    }

    Connector connector() {
        return this.server.getTomcat().getConnector();
    }

    GuardedHttp11NioProtocol protocol() {
        return (GuardedHttp11NioProtocol) connector().getProtocolHandler();
    }

    @Override
    public void close() {
        this.server.stop();
        this.server.destroy();
    }

    /** What the one servlet does. */
    @FunctionalInterface
    interface Handler {

        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;

    }

    private static final class HandlerServlet extends HttpServlet {

        private final transient Handler handler;

        HandlerServlet(Handler handler) {
            this.handler = handler;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            this.handler.handle(request, response);
        }

    }

}
