package io.brightcounter.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Reads a request body into memory, refusing one larger than {@code bright-counter.max-request-bytes}
 * before reading it when its length is declared, and as soon as it passes the limit when it is
 * chunked.
 */
@Component
public class RequestBodyReader {

    private final int maxBytes;

    RequestBodyReader(BrightCounterProperties properties) {
        this.maxBytes = properties.maxRequestBytes();
    }

    public byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > this.maxBytes) {
            throw ApiError.BODY_TOO_LARGE.exception();
        }
        int wanted = (declared >= 0) ? (int) declared : this.maxBytes + 1;
        byte[] body = request.getInputStream().readNBytes(wanted);
        if (body.length > this.maxBytes) {
            throw ApiError.BODY_TOO_LARGE.exception();
        }
        return body;
    }

}
