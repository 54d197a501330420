package io.brightcounter.protection;

import java.io.IOException;
import java.util.Set;

import io.brightcounter.config.EdgeProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.JsonResponses;
import io.brightcounter.web.OptionsFilter;
import io.brightcounter.web.Rejections;
import io.brightcounter.web.RouteMethods;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The browser policy ({@code bright-counter.cors.allowed-origins}, none by default). A
 * page on another site can make a visitor's browser send a {@code text/plain} POST
 * without any preflight; so a cross-origin request (its {@code Origin} differs from the
 * request's own scheme, host and port) from an origin not allowed is refused with 403
 * before anything reads its body. Requests without {@code Origin} (every non-browser
 * client) and same-origin ones (Swagger UI) pass.
 *
 * <p>
 * It runs before the API key check: the origin decides whether a browser may talk to the
 * API at all, whatever key the page holds, and a preflight never carries a key. An
 * allowed origin's preflight is answered here with the route's own methods; its requests
 * go on to the key check and carry {@code Access-Control-Allow-Origin}. Matching the
 * origin, and telling a cross-origin request from a same-origin one, is Spring's
 * ({@link CorsConfiguration}, {@link CorsUtils}).
 */
@Component
@Order(FilterOrder.CROSS_ORIGIN)
class CrossOriginFilter extends OncePerRequestFilter {

    /**
     * The headers a browser may send: the key, the body's type, and a request id to
     * correlate logs.
     */
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";

    /**
     * Headers a page may read besides the simple ones: a create's feedback (how many
     * readings were stored, duplicates, conflicts) as much as the request id and when to
     * retry.
     */
    static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After, WWW-Authenticate, Readings-Stored, "
            + "Readings-Duplicate, Readings-Conflicting";

    /**
     * An hour: browsers cap it anyway (Chromium at two hours), and routes change only
     * with a release.
     */
    static final String MAX_AGE_SECONDS = "3600";

    private final CorsConfiguration allowed = new CorsConfiguration();

    private final RouteMethods routeMethods;

    private final Rejections rejections;

    CrossOriginFilter(EdgeProperties properties,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping, Rejections rejections) {
        this.allowed.setAllowedOrigins(properties.cors().allowedOrigins());
        this.routeMethods = new RouteMethods(mapping);
        this.rejections = rejections;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.ORIGIN) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Whether a response is shared with a page depends on Origin: caches must key on
        // it.
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        if (!isCrossOrigin(request)) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (this.allowed.checkOrigin(origin) == null) {
            this.rejections.respond(request, response, ApiError.ORIGIN_NOT_ALLOWED);
            return;
        }
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        Set<RequestMethod> methods = CorsUtils.isPreFlightRequest(request) ? this.routeMethods.of(request) : Set.of();
        if (methods.isEmpty()) {
            // An actual request, or a preflight for no route: it goes on (to the key
            // check, the 404).
            response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, OptionsFilter.join(methods));
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.STATUS_OK);
    }

    /**
     * A malformed {@code Origin} cannot be the request's own: it counts as cross-origin.
     */
    private static boolean isCrossOrigin(HttpServletRequest request) {
        try {
            return CorsUtils.isCorsRequest(request);
        }
        catch (IllegalArgumentException ex) {
            return true;
        }
    }

}
