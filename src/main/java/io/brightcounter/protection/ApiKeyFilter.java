package io.brightcounter.protection;

import java.io.IOException;
import java.util.List;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.BearerKeys;
import io.brightcounter.web.Rejections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks for {@code Authorization: Bearer <key>} on every {@code /api/**} request but the
 * ping, before anything reads the body. Keys are compared in constant time (see
 * {@link BearerKeys}).
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final BearerKeys keys;

    private final Rejections rejections;

    public ApiKeyFilter(List<String> keys, Rejections rejections) {
        this.rejections = rejections;
        this.keys = new BearerKeys(keys);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "/api/ping".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.keys.authorizes(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        this.rejections.respond(request, response, ApiError.UNAUTHORIZED);
    }

}
