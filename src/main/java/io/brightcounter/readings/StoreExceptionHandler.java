package io.brightcounter.readings;

import java.io.IOException;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the stores' exceptions, which know nothing of HTTP, to the contract's errors. It
 * lives with the endpoints rather than in the generic error handling so that the web
 * package does not depend on this one (which depends on it). Ordered first: the generic
 * handler's catch-all would otherwise answer these with 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreExceptionHandler {

    private final Rejections rejections;

    StoreExceptionHandler(Rejections rejections) {
        this.rejections = rejections;
    }

    @ExceptionHandler
    void handleCountOverflow(CountOverflowException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        this.rejections.respond(request, response, ApiError.COUNT_OVERFLOW);
    }

    @ExceptionHandler
    void handleStorageFull(StorageFullException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        this.rejections.respond(request, response, ApiError.STORAGE_FULL);
    }

    /**
     * 503 with {@code Retry-After} either way; the reason tells operators which part
     * failed: an unreachable database ({@code store_unavailable}) or a journal that
     * cannot write ({@code service_unavailable}), each with its own alert.
     */
    @ExceptionHandler
    void handleStoreUnavailable(StoreUnavailableException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (ex.kind() == StoreUnavailableException.Kind.JOURNAL) {
            this.rejections.respond(request, response, ApiError.SERVICE_UNAVAILABLE);
        }
        else {
            this.rejections.respondStoreUnavailable(request, response, ex);
        }
    }

}
