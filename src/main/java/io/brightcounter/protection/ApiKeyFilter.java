package io.brightcounter.protection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks for {@code Authorization: Bearer <key>} on every {@code /api/**} request but the
 * ping, before anything reads the body. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing of how much of a key
 * matched, nor of its length.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keyDigests;

    private final Rejections rejections;

    public ApiKeyFilter(List<String> keys, Rejections rejections) {
        this.rejections = rejections;
        this.keyDigests = keys.stream().map((key) -> sha256(key.getBytes(StandardCharsets.US_ASCII))).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "/api/ping".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAuthorized(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        this.rejections.respond(request, response, ApiError.UNAUTHORIZED);
    }

    private boolean isAuthorized(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Tomcat hands header bytes over as ISO-8859-1 characters: back to those very
        // bytes, the way
        // the (visible ASCII) keys are hashed too, so no decoding choice can make a key
        // differ.
        byte[] presented = sha256(
                authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.ISO_8859_1));
        boolean matched = false;
        for (byte[] key : this.keyDigests) {
            // No early exit: every key is compared, whichever matches.
            matched |= MessageDigest.isEqual(key, presented);
        }
        return matched;
    }

    private static byte[] sha256(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

}
