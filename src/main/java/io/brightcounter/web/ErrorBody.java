package io.brightcounter.web;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;

/** The error envelope every non-2xx response carries. */
public record ErrorBody(String status, @JsonProperty("error_message") String errorMessage,
        @JsonProperty("status_code") int statusCode) {

    /** The contract's messages for errors any path can meet. */
    private static final ApiError[] GENERIC = { ApiError.NOT_FOUND, ApiError.METHOD_NOT_ALLOWED,
            ApiError.BODY_TOO_LARGE, ApiError.INTERNAL, ApiError.NOT_IMPLEMENTED };

    public static ErrorBody of(ApiError error) {
        return new ErrorBody("error", error.message(), error.status().value());
    }

    /**
     * For statuses the contract names no message for, such as those the servlet container
     * sets itself.
     */
    public static ErrorBody of(int status) {
        for (ApiError error : GENERIC) {
            if (error.status().value() == status) {
                return of(error);
            }
        }
        HttpStatus known = HttpStatus.resolve(status);
        return new ErrorBody("error", (known != null) ? sentence(known.getReasonPhrase()) : "Error.", status);
    }

    /**
     * "Request Header Fields Too Large" as "Request header fields too large.", acronyms
     * kept.
     */
    private static String sentence(String reasonPhrase) {
        String[] words = reasonPhrase.split(" ");
        StringBuilder text = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            text.append(' ').append(word.equals(word.toUpperCase(Locale.ROOT)) ? word : word.toLowerCase(Locale.ROOT));
        }
        return text.append('.').toString();
    }

}
