package io.brightcounter.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.brightcounter.config.BrightCounterProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code bright-counter.max-request-bytes} for every request on every path, before
 * anything can read the body: a declared length over the limit gets 413 unread, and a
 * chunked body is handed on behind a stream that refuses the first byte past the limit.
 * Whatever reads a body downstream (our create, or a framework part that parses forms)
 * can never hold more than the limit. Runs after the API key check, which comes before
 * anything about the body.
 */
@Component
@Order(FilterOrder.BODY_LIMIT)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;

    private final Rejections rejections;

    RequestBodyLimitFilter(BrightCounterProperties properties, Rejections rejections) {
        this.maxBytes = properties.maxRequestBytes();
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > this.maxBytes) {
            this.rejections.respond(request, response, ApiError.BODY_TOO_LARGE);
            return;
        }
        boolean lengthUnknown = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        chain.doFilter(lengthUnknown ? new LimitedBodyRequest(request, this.maxBytes) : request, response);
    }

    /** A request whose body stream refuses to go past the limit. */
    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private final int maxBytes;

        private @Nullable ServletInputStream body;

        LimitedBodyRequest(HttpServletRequest request, int maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream stream = this.body;
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
                this.body = stream;
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final int maxBytes;

        private long read;

        LimitedInputStream(ServletInputStream in, int maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = this.in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            this.read += n;
            if (this.read > this.maxBytes) {
                throw ApiError.BODY_TOO_LARGE.exception();
            }
        }

        @Override
        public int available() throws IOException {
            return this.in.available();
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }

    }

}
