package io.brightcounter.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every failure inside Spring MVC with the contract's error envelope. The stores'
 * own exceptions are mapped next to the endpoints that call them
 * ({@code StoreExceptionHandler}), so that this package does not depend on the features
 * it serves.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

    private final Rejections rejections;

    ApiExceptionHandler(Rejections rejections) {
        this.rejections = rejections;
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> handleApiException(ApiException ex, HttpServletRequest request) {
        this.rejections.record(request, ex.error());
        return respond(ex.error());
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> handleMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.getSupportedHttpMethods() != null) {
            headers.setAllow(ex.getSupportedHttpMethods());
        }
        this.rejections.record(request, ApiError.METHOD_NOT_ALLOWED);
        return respond(ex.getStatusCode(), ErrorBody.of(ApiError.METHOD_NOT_ALLOWED), headers);
    }

    /**
     * Anything else. Spring's own exceptions carry their status (no handler is 404, for
     * one); whatever has none is a fault of ours.
     */
    @ExceptionHandler
    ResponseEntity<ErrorBody> handleOther(Exception ex, HttpServletRequest request) {
        if (ex instanceof ErrorResponse response && !response.getStatusCode().is5xxServerError()) {
            int status = response.getStatusCode().value();
            this.rejections.recordContainerStatus(request, status);
            return respond(response.getStatusCode(), ErrorBody.of(status), new HttpHeaders());
        }
        logger.error("Request failed", ex);
        this.rejections.record(request, ApiError.INTERNAL);
        return respond(ApiError.INTERNAL);
    }

    private static ResponseEntity<ErrorBody> respond(ApiError error) {
        HttpHeaders headers = new HttpHeaders();
        if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, Rejections.RETRY_AFTER_SECONDS);
        }
        return respond(error.status(), ErrorBody.of(error), headers);
    }

    private static ResponseEntity<ErrorBody> respond(HttpStatusCode status, ErrorBody body, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

}
