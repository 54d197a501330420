package io.brightcounter.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.tomcat.ContainerFailures;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Reads a request body into memory, refusing one larger than
 * {@code bright-counter.max-request-bytes} before reading it when its length is declared,
 * and as soon as it passes the limit when it is chunked.
 *
 * <p>
 * A body read holds a worker thread, so it is bounded in time as well as size: the
 * container's {@code server.tomcat.connection-timeout} ends a read that waits too long
 * for the next bytes, and {@code bright-counter.max-body-read-time} ends a body that
 * keeps trickling in. Either way the client gets 408. And it is bounded in memory: the
 * body reserves its room with {@link BodyMemory} before its bytes are allocated.
 */
@Component
public class RequestBodyReader {

    private static final int CHUNK = 64 * 1024;

    private final int maxBytes;

    private final long maxReadNanos;

    private final BodyMemory memory;

    RequestBodyReader(BrightCounterProperties properties, BodyMemory memory) {
        this.maxBytes = properties.maxRequestBytes();
        this.maxReadNanos = properties.maxBodyReadTime().toNanos();
        this.memory = memory;
    }

    public byte[] read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > this.maxBytes) {
            throw ApiError.BODY_TOO_LARGE.exception();
        }
        int wanted = (declared >= 0) ? (int) declared : this.maxBytes + 1;
        long deadline = System.nanoTime() + this.maxReadNanos;
        try {
            InputStream in = request.getInputStream();
            // Room for the whole body when its length is declared; for a chunked one,
            // room
            // for each size the buffer grows to, before it grows.
            this.memory.reserve(request, (declared >= 0) ? declared : Math.min(wanted, CHUNK));
            byte[] body = new byte[Math.min(wanted, CHUNK)];
            int length = 0;
            while (length < wanted) {
                if (length == body.length) {
                    int grown = (int) Math.min(wanted, 2L * body.length);
                    // The old buffer and the new are both held while one is copied.
                    this.memory.reserve(request, (long) body.length + grown);
                    body = Arrays.copyOf(body, grown);
                }
                int read = in.read(body, length, body.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
                if (System.nanoTime() - deadline > 0) {
                    throw ApiError.REQUEST_TIMEOUT.exception();
                }
            }
            if (length > this.maxBytes) {
                throw ApiError.BODY_TOO_LARGE.exception();
            }
            return (length == body.length) ? body : Arrays.copyOf(body, length);
        }
        catch (IOException ex) {
            // Malformed chunk framing is the client's error, and retrying it the same way
            // cannot help: 400. Otherwise a read timed out or the client went away; if it
            // is still there, it gets a 408.
            throw (ContainerFailures.isMalformedRequest(ex) ? ApiError.BAD_REQUEST : ApiError.REQUEST_TIMEOUT)
                .exception();
        }
    }

}
