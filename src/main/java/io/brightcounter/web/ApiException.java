package io.brightcounter.web;

/**
 * A request the API refuses with one of its contract errors. It carries no stack trace:
 * it is an answer, not a fault, and rejected requests are frequent enough for the trace
 * to cost.
 */
public class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return this.error;
    }

}
