package io.brightcounter.web;

import java.io.IOException;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code OPTIONS} on a route: 200, {@code Allow} with the route's methods and
 * {@code OPTIONS}, and the same {@code {"status":"ok"}} body as ping, since every
 * response body is JSON. (Spring's own answer had no body and an empty
 * {@code Accept-Patch} header.) Runs after the API key check: a plain {@code OPTIONS} is
 * a request like any other. Unknown paths go on to the 404.
 */
@Component
@Order(FilterOrder.OPTIONS)
public class OptionsFilter extends OncePerRequestFilter {

    private final RouteMethods routeMethods;

    OptionsFilter(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        this.routeMethods = new RouteMethods(mapping);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestMethod.OPTIONS.name().equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<RequestMethod> methods = this.routeMethods.of(request);
        if (methods.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.ALLOW, join(methods) + "," + RequestMethod.OPTIONS.name());
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.STATUS_OK);
    }

    /** {@code GET,HEAD}: comma-separated as Spring writes {@code Allow} on a 405. */
    public static String join(Set<RequestMethod> methods) {
        StringJoiner joined = new StringJoiner(",");
        methods.forEach((method) -> joined.add(method.name()));
        return joined.toString();
    }

}
