package io.brightcounter.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on an error no application error page answered, such as a request
 * Tomcat refuses before it reaches the application: the envelope instead of Tomcat's HTML
 * report.
 */
final class JsonErrorReportValve extends ErrorReportValve {

    private final JsonMapper jsonMapper;

    private final Rejections rejections;

    JsonErrorReportValve(JsonMapper jsonMapper, Rejections rejections) {
        this.jsonMapper = jsonMapper;
        this.rejections = rejections;
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
        this.rejections.recordContainerStatus(request, status);
        try {
            response.resetBuffer();
            ResponseHeadersValve.apply(response);
            response.setContentType("application/json");
            if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                // Tomcat's own 503 (an application not yet or no longer available) says
                // when to retry too.
                response.setHeader("Retry-After", Rejections.RETRY_AFTER_SECONDS);
            }
            byte[] body = this.jsonMapper.writeValueAsBytes(ErrorBody.of(status));
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        }
        catch (IOException | IllegalStateException ex) {
            // The client is gone or the response is committed: nothing more can be said.
        }
    }

}
