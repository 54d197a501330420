package io.brightcounter.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The management port's error answers, in the API's envelope. Spring Boot's management
 * error page answers with its own body (and a direct {@code GET /error} with 200 and
 * status 999), and some Actuator answers carry no body at all (404 for an unknown health
 * group). Here the error page is answered before Boot's sees it, a direct request for it
 * is an unknown path, and an error status left without a body gets the envelope.
 *
 * <p>
 * The error path is recognized as the router sees it, decoded and without matrix
 * parameters: {@code /error;x=1} and {@code /%65rror} reach Boot's error page as
 * {@code /error} does.
 */
public class ManagementErrorFilter extends OncePerRequestFilter {

    /** Decodes and drops matrix parameters, as the router does. */
    private static final UrlPathHelper ROUTED_PATH = new UrlPathHelper();

    private final JsonMapper jsonMapper;

    private final String errorPath;

    public ManagementErrorFilter(JsonMapper jsonMapper, String errorPath) {
        this.jsonMapper = jsonMapper;
        this.errorPath = errorPath;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.errorPath.equals(ROUTED_PATH.getPathWithinApplication(request))) {
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            boolean isErrorPage = request.getDispatcherType() == DispatcherType.ERROR && status instanceof Integer;
            write(response, isErrorPage ? (Integer) status : ApiError.NOT_FOUND.status().value());
            return;
        }
        BodyTracking tracked = new BodyTracking(response);
        chain.doFilter(request, tracked);
        if (!tracked.bodyStarted && !response.isCommitted() && response.getStatus() >= 400) {
            write(response, response.getStatus());
        }
    }

    private void write(HttpServletResponse response, int status) throws IOException {
        response.resetBuffer();
        JsonResponses.write(response, status, this.jsonMapper.writeValueAsBytes(ErrorBody.of(status)));
    }

    /** Notes whether anything asked to write a body. */
    private static final class BodyTracking extends HttpServletResponseWrapper {

        private boolean bodyStarted;

        BodyTracking(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            this.bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            this.bodyStarted = true;
            return super.getWriter();
        }

    }

}
