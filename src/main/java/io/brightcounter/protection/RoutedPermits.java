package io.brightcounter.protection;

import java.util.Set;
import java.util.concurrent.Semaphore;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Takes a request's permit once Spring MVC has routed it, so the pool is chosen by the
 * handler the request reaches, never by how its path is spelled: {@code create;x=1},
 * {@code /api;a=b/device-readings/create} and {@code %63reate} all reach the create
 * handler and are creates. A handler reached with a method that changes state (POST, PUT,
 * PATCH, DELETE) takes a write permit; one reached with GET or HEAD a read permit. A new
 * endpoint falls into its pool by its method alone, with nothing to list here.
 *
 * <p>
 * A request that reaches no handler (an unknown path, a wrong method) is answered from
 * routing alone, which costs less than waiting for a permit, and takes none.
 */
@Component
class RoutedPermits implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    private final Semaphore writes;

    private final Semaphore reads;

    private final Rejections rejections;

    RoutedPermits(BrightCounterProperties properties, Rejections rejections) {
        BrightCounterProperties.Overload overload = properties.overload();
        this.writes = new Semaphore(overload.maxCreates(), true);
        this.reads = new Semaphore(overload.maxReads(), true);
        this.rejections = rejections;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        Admission admission = Admission.of(request);
        if (admission == null || request.getDispatcherType() != DispatcherType.REQUEST) {
            // Not through the shedding filter (the management port), or the error page of
            // a request that already had its turn.
            return true;
        }
        if (admission.acquire(READ_METHODS.contains(request.getMethod()) ? this.reads : this.writes)) {
            return true;
        }
        this.rejections.respond(request, response, ApiError.OVERLOADED);
        return false;
    }

}
