package io.brightcounter.page;

import java.io.IOException;

import io.brightcounter.web.FilterOrder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The device page's {@code Content-Security-Policy}, on {@code /} and every path under
 * {@code /page/}: scripts, styles, images and API calls from the service's own origin
 * only, no inline code, no plugins, no framing, and forms that submit only to the
 * service. A page that shows what devices sent must not run what an injected value says.
 * The servlet path is the decoded and normalized one, as Spring MVC matches it, so no
 * spelling of a page path escapes the policy.
 */
@Component
@Order(FilterOrder.DEVICE_PAGE)
class DevicePageHeadersFilter extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return !"/".equals(path) && !path.startsWith(DevicePageResources.ASSETS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        chain.doFilter(request, response);
    }

}
