package io.brightcounter.web;

import java.io.IOException;

import io.brightcounter.web.tomcat.ContainerFailures;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: failures outside Spring MVC (a filter that throws,
 * a status the container sets itself) are forwarded here and answered with the envelope.
 * It replaces Spring Boot's whitelabel page.
 */
@RestController
class JsonErrorController implements ErrorController {

    private static final Log logger = LogFactory.getLog(JsonErrorController.class);

    private final Rejections rejections;

    JsonErrorController(Rejections rejections) {
        this.rejections = rejections;
    }

    @RequestMapping("${spring.web.error.path:/error}")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int code = (status instanceof Integer value) ? value : 404;
        if (failure instanceof Throwable ex && ContainerFailures.isMalformedRequest(ex)) {
            // Malformed chunk framing, met by whatever read the body.
            return respond(request, ApiError.BAD_REQUEST);
        }
        if (failure instanceof IOException) {
            // Tomcat reports a request body that stopped arriving this way even when the
            // application already answered it: it is the client's delay, not our fault.
            return respond(request, ApiError.REQUEST_TIMEOUT);
        }
        if (failure instanceof ApiException ex) {
            return respond(request, ex.error());
        }
        if (failure instanceof Throwable ex) {
            if (request.getAttribute(RequestIdFilter.FAULT_LOGGED) == null) {
                logger.error("Request failed", ex);
            }
            code = 500;
        }
        this.rejections.recordContainerStatus(request, code);
        return ResponseEntity.status(code).contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of(code));
    }

    private ResponseEntity<ErrorBody> respond(HttpServletRequest request, ApiError error) {
        this.rejections.record(request, error);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status())
            .contentType(MediaType.APPLICATION_JSON);
        if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Rejections.RETRY_AFTER_SECONDS);
        }
        return response.body(ErrorBody.of(error));
    }

}
