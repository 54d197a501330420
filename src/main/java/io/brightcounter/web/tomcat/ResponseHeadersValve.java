package io.brightcounter.web.tomcat;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Headers every response carries, set before anything else runs so that whoever answers
 * (a controller, Spring's error handling, the container's error page) keeps them:
 * {@code X-Content-Type-Options: nosniff}, so a browser never guesses a type other than
 * the JSON declared, and {@code Cache-Control: no-store}, so no shared cache keeps a
 * device's figures or an error (a 404 for a device that reports a minute later must not
 * be served from a cache). A handler that wants caching, such as Swagger UI's static
 * files, may still say so itself. {@link JsonErrorReportValve} sets them again, because
 * it resets the response.
 */
public final class ResponseHeadersValve extends ValveBase {

    static final String NOSNIFF = "nosniff";

    static final String NO_STORE = "no-store";

    public ResponseHeadersValve() {
        super(true);
    }

    static void apply(Response response) {
        response.setHeader("X-Content-Type-Options", NOSNIFF);
        response.setHeader("Cache-Control", NO_STORE);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        apply(response);
        getNext().invoke(request, response);
    }

}
