package io.brightcounter.web;

import java.io.IOException;
import java.time.Duration;

import io.brightcounter.web.tomcat.ContainerErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Every refused request goes through here, wherever it is refused (a filter, Spring MVC,
 * the container's error page): counted in {@code bright_counter_requests_rejected_total}
 * under its reason and logged. A refusal is one INFO line naming the reason, never the
 * body; the two that hit every request while they last (shedding load, the database
 * unreachable) are a WARN at most once a minute.
 */
@Component
public class Rejections implements ContainerErrorResponder {

    /**
     * Long enough for a burst or a fault to pass, short enough that a client's retry is
     * soon.
     */
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Log logger = LogFactory.getLog(Rejections.class);

    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private static final String COUNTED = Rejections.class.getName() + ".counted";

    private final RejectionMetrics metrics;

    private final JsonMapper jsonMapper;

    private final ThrottledWarning overloadWarning = new ThrottledWarning(logger, WARNING_INTERVAL);

    private final ThrottledWarning storeWarning = new ThrottledWarning(logger, WARNING_INTERVAL);

    /**
     * Each error's envelope, serialized once: shedding answers thousands a second, and
     * they must cost less than the work they spare.
     */
    private final byte[][] bodies = new byte[ApiError.values().length][];

    Rejections(RejectionMetrics metrics, JsonMapper jsonMapper) {
        this.metrics = metrics;
        this.jsonMapper = jsonMapper;
        for (ApiError error : ApiError.values()) {
            this.bodies[error.ordinal()] = jsonMapper.writeValueAsBytes(ErrorBody.of(error));
        }
    }

    /**
     * Counts and logs a refusal, once per request: the container may send a request the
     * application already refused on to the error page, which must not count it again.
     */
    void record(HttpServletRequest request, ApiError error) {
        if (isCounted(request)) {
            return;
        }
        this.metrics.rejected(error);
        if (error == ApiError.OVERLOADED) {
            this.overloadWarning.warn("Shedding load: a request could not start in time and was refused with 503");
        }
        else if (error != ApiError.STORE_UNAVAILABLE && logger.isInfoEnabled()) {
            logger.info("Rejected request: reason=" + error.reason());
        }
    }

    /**
     * Counts and logs that the database could not serve a request; the cause's message,
     * never its trace.
     */
    void recordStoreUnavailable(HttpServletRequest request, Throwable cause) {
        if (isCounted(request)) {
            return;
        }
        this.metrics.rejected(ApiError.STORE_UNAVAILABLE);
        this.storeWarning.warn("The database cannot be reached; answering 503 until it can: " + cause.getMessage());
    }

    /**
     * Answers 503 {@code STORE_UNAVAILABLE}, counted and logged as
     * {@link #recordStoreUnavailable} does.
     */
    public void respondStoreUnavailable(HttpServletRequest request, HttpServletResponse response, Throwable cause)
            throws IOException {
        recordStoreUnavailable(request, cause);
        respond(request, response, ApiError.STORE_UNAVAILABLE);
    }

    /**
     * Counts and logs a status the servlet container answered with itself, such as a
     * malformed request's 400.
     */
    void recordContainerStatus(HttpServletRequest request, int status) {
        ApiError error = RejectionMetrics.forContainerStatus(status);
        if (error != null) {
            record(request, error);
        }
        else if (!isCounted(request)) {
            this.metrics.rejected(status);
            logger.info("Rejected request: reason=http_" + status);
        }
    }

    private static boolean isCounted(HttpServletRequest request) {
        if (request.getAttribute(COUNTED) != null) {
            return true;
        }
        request.setAttribute(COUNTED, Boolean.TRUE);
        return false;
    }

    /**
     * Answers with the error's envelope, and {@code Retry-After} when it is a 503; the
     * response must not be committed.
     */
    public void respond(HttpServletRequest request, HttpServletResponse response, ApiError error) throws IOException {
        record(request, error);
        write(response, error.status().value(), this.bodies[error.ordinal()]);
    }

    /**
     * Answers a status the servlet container set itself with its envelope, counted and
     * logged as {@link #recordContainerStatus} does.
     */
    @Override
    public void respond(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        recordContainerStatus(request, status);
        write(response, status, this.jsonMapper.writeValueAsBytes(ErrorBody.of(status)));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        if (status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        JsonResponses.write(response, status, body);
    }

}
