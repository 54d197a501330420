package io.brightcounter.web.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error no application error page answered, such as a request
 * Tomcat refuses before it reaches the application: the envelope instead of Tomcat's HTML
 * report.
 */
final class JsonErrorReportValve extends ErrorReportValve {

    private final ContainerErrorResponder responder;

    JsonErrorReportValve(ContainerErrorResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.resetBuffer();
            ResponseHeadersValve.apply(response);
            // Tomcat's own 503 (an application not yet or no longer available) says when
            // to retry too: the responder adds Retry-After to every 503.
            this.responder.respond(request, response, status);
            response.getOutputStream().flush();
        }
        catch (IOException | IllegalStateException ex) {
            // The client is gone or the response is committed: nothing more can be said.
        }
    }

}
