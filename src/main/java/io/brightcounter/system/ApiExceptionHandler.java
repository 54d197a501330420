package io.brightcounter.system;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers every failure inside Spring MVC with the contract's error envelope. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

    static final String RETRY_AFTER_SECONDS = "1";

    private final ApiMetrics metrics;

    ApiExceptionHandler(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> handleApiException(ApiException ex) {
        rejected(ex.error());
        HttpHeaders headers = new HttpHeaders();
        if (ex.error() == ApiError.SERVICE_UNAVAILABLE) {
            // Long enough for a fault or a burst to pass, short enough that a client's retry is soon.
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return respond(ex.error().status(), ErrorBody.of(ex.error()), headers);
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> handleMethodNotSupported(HttpRequestMethodNotSupportedException ex) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.getSupportedHttpMethods() != null) {
            headers.setAllow(ex.getSupportedHttpMethods());
        }
        rejected(ApiError.METHOD_NOT_ALLOWED);
        return respond(ex.getStatusCode(), ErrorBody.of(ApiError.METHOD_NOT_ALLOWED), headers);
    }

    /**
     * Anything else. Spring's own exceptions carry their status (no handler is 404, for one);
     * whatever has none is a fault of ours.
     */
    @ExceptionHandler
    ResponseEntity<ErrorBody> handleOther(Exception ex) {
        if (ex instanceof ErrorResponse response && !response.getStatusCode().is5xxServerError()) {
            int status = response.getStatusCode().value();
            if (status == ApiError.NOT_FOUND.status().value()) {
                rejected(ApiError.NOT_FOUND);
            }
            return respond(response.getStatusCode(), ErrorBody.of(status), new HttpHeaders());
        }
        logger.error("Request failed", ex);
        this.metrics.rejected(ApiError.INTERNAL);
        return respond(ApiError.INTERNAL.status(), ErrorBody.of(ApiError.INTERNAL), new HttpHeaders());
    }

    /** One line at INFO per refused request: enough to see who gets what wrong, never the body. */
    private void rejected(ApiError error) {
        this.metrics.rejected(error);
        if (logger.isInfoEnabled()) {
            logger.info("Rejected request: reason=" + error.reason());
        }
    }

    private static ResponseEntity<ErrorBody> respond(HttpStatusCode status, ErrorBody body, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

}
