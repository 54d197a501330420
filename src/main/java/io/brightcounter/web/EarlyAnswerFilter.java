package io.brightcounter.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks an answer given before the request body was read (an error, or a 2xx to a request
 * whose body the endpoint ignores) with {@code Connection: close}, at the moment its
 * status is set, while headers can still be added: the client then knows not to reuse the
 * connection, which {@code UnreadBodyValve} ends once the answer is out.
 */
@Component
@Order(FilterOrder.EARLY_ANSWER)
class EarlyAnswerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new CloseOnEarlyAnswer(request, response));
    }

    private static final class CloseOnEarlyAnswer extends HttpServletResponseWrapper {

        private final HttpServletRequest request;

        CloseOnEarlyAnswer(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public void setStatus(int status) {
            closeIfEarly(status);
            super.setStatus(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            closeIfEarly(status);
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            closeIfEarly(status);
            super.sendError(status, message);
        }

        private void closeIfEarly(int status) {
            if (!isCommitted() && !isBodyRead()) {
                setHeader("Connection", "close");
            }
        }

        private boolean isBodyRead() {
            try {
                return this.request.getInputStream().isFinished();
            }
            catch (IOException | IllegalStateException ex) {
                // Taken as a reader: the application read it.
                return true;
            }
        }

    }

}
