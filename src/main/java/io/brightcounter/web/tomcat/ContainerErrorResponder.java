package io.brightcounter.web.tomcat;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers an error status the servlet container set itself (a malformed request line, a
 * header over the limit) with the API's envelope, and counts it. The web layer provides
 * it; {@link JsonErrorReportValve} calls it, so that this package needs nothing of the
 * layer above.
 */
@FunctionalInterface
public interface ContainerErrorResponder {

    /**
     * Writes the envelope for {@code status} to a response whose buffer is empty and not
     * committed.
     */
    void respond(HttpServletRequest request, HttpServletResponse response, int status) throws IOException;

}
