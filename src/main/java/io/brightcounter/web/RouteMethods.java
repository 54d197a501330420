package io.brightcounter.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Which methods a path answers, read from the controllers' own mappings, so that
 * {@code Allow} and CORS preflight answers can never list more (or other) methods than
 * the routes have, and a new route is covered without being listed anywhere. {@code HEAD}
 * comes with {@code GET}, as Spring answers it; {@code OPTIONS} is not included.
 */
public final class RouteMethods {

    private final RequestMappingHandlerMapping mapping;

    private volatile @Nullable List<Route> routes;

    public RouteMethods(RequestMappingHandlerMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * The path's methods in a fixed order (GET, HEAD, POST, ...); empty when no route has
     * the path.
     */
    public Set<RequestMethod> of(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        Set<RequestMethod> methods = EnumSet.noneOf(RequestMethod.class);
        for (Route route : routes()) {
            if (route.pattern().matches(path)) {
                methods.addAll(route.methods());
            }
        }
        return methods;
    }

    /**
     * Built on first use: the mappings are complete only once the application has
     * started.
     */
    private List<Route> routes() {
        List<Route> known = this.routes;
        if (known == null) {
            known = new ArrayList<>();
            for (RequestMappingInfo info : this.mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (info.getPathPatternsCondition() == null || methods.isEmpty()) {
                    // A mapping for every method (the error page) says nothing about a
                    // route's methods.
                    continue;
                }
                Set<RequestMethod> answered = EnumSet.copyOf(methods);
                if (answered.contains(RequestMethod.GET)) {
                    answered.add(RequestMethod.HEAD);
                }
                answered.remove(RequestMethod.OPTIONS);
                for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                    known.add(new Route(pattern, answered));
                }
            }
            this.routes = known;
        }
        return known;
    }

    private record Route(PathPattern pattern, Set<RequestMethod> methods) {
    }

}
