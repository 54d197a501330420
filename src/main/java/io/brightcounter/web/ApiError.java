package io.brightcounter.web;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * Every error the API answers with, and its exact contract message. The constant names
 * double as the {@code reason} of a rejected request in logs.
 */
public enum ApiError {

    INVALID_JSON(HttpStatus.BAD_REQUEST, "Request body must be valid JSON."),
    NOT_AN_OBJECT(HttpStatus.BAD_REQUEST, "Request body must be a JSON object."),
    ID_REQUIRED(HttpStatus.BAD_REQUEST, "Field 'id' is required."),
    READINGS_REQUIRED(HttpStatus.BAD_REQUEST, "Field 'readings' is required."),
    INVALID_DEVICE_ID(HttpStatus.BAD_REQUEST, "Device ID must be valid UUID string."),
    READINGS_NOT_ARRAY(HttpStatus.BAD_REQUEST, "Field 'readings' must be an array of reading objects."),
    INVALID_COUNT(HttpStatus.BAD_REQUEST, "Field 'readings' contains invalid 'count' value. Must be positive integer."),
    INVALID_TIMESTAMP(HttpStatus.BAD_REQUEST,
            "Field 'readings' contains invalid 'timestamp' value. Must be ISO-8601 timestamp string."),
    COUNT_OVERFLOW(HttpStatus.BAD_REQUEST, "Cumulative count for device would exceed the supported maximum."),
    DEVICE_NOT_FOUND(HttpStatus.NOT_FOUND, "Device readings not found."),
    INVALID_FIELDS(HttpStatus.BAD_REQUEST, "Query parameter 'fields' must list known fields."),
    DEVICE_IDS_REQUIRED(HttpStatus.BAD_REQUEST, "Query parameter 'id' is required."),
    TOO_MANY_DEVICE_IDS(HttpStatus.BAD_REQUEST, "Query parameter 'id' lists more than 1000 devices."),
    INVALID_FROM(HttpStatus.BAD_REQUEST, "Query parameter 'from' must be ISO-8601 timestamp string."),
    INVALID_TO(HttpStatus.BAD_REQUEST, "Query parameter 'to' must be ISO-8601 timestamp string."),
    EMPTY_RANGE(HttpStatus.BAD_REQUEST, "Query parameter 'to' must be after 'from'."),
    INVALID_LIMIT(HttpStatus.BAD_REQUEST, "Query parameter 'limit' must be an integer from 1 to 10000."),
    FROM_REQUIRED(HttpStatus.BAD_REQUEST, "Query parameter 'from' is required."),
    TO_REQUIRED(HttpStatus.BAD_REQUEST, "Query parameter 'to' is required."),
    STEP_REQUIRED(HttpStatus.BAD_REQUEST, "Query parameter 'step' is required."),
    INVALID_STEP(HttpStatus.BAD_REQUEST, "Query parameter 'step' must be ISO-8601 duration of at least one second."),
    TOO_MANY_BUCKETS(HttpStatus.BAD_REQUEST, "Query range has more than 10000 buckets."),
    /** {@code DELETE /api/devices/{id}} while no admin key is configured. */
    DELETION_DISABLED(HttpStatus.FORBIDDEN, "Deleting devices is not enabled."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found."),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed."),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large."),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Missing or invalid API key."),
    /**
     * A browser's cross-origin request from an origin not in
     * {@code bright-counter.cors.allowed-origins}.
     */
    ORIGIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Origin not allowed."),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "Request timeout."),
    STORAGE_FULL(HttpStatus.INSUFFICIENT_STORAGE, "Storage capacity reached."),
    /**
     * The journal cannot take the request now; sent with {@code Retry-After}, as every
     * 503.
     */
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable."),
    /** The request could not start within the overload wait: load is being shed. */
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable."),
    /** The database cannot be reached, or no pooled connection came free in time. */
    STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable."),
    /**
     * The web server refused the request itself: malformed request line, header or chunk
     * framing.
     */
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request."),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error."),
    /**
     * A method or transfer coding the server does not implement, such as {@code CONNECT};
     * the container answers it.
     */
    NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED, "Not implemented.");

    private final HttpStatus status;

    private final String message;

    ApiError(HttpStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    public HttpStatus status() {
        return this.status;
    }

    public String message() {
        return this.message;
    }

    /** The error's name in metrics and logs, such as {@code invalid_timestamp}. */
    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ApiException exception() {
        return new ApiException(this);
    }

}
