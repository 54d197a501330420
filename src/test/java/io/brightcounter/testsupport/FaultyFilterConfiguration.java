package io.brightcounter.testsupport;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A filter that fails on demand, to see what a client gets from a fault outside Spring
 * MVC.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FaultyFilterConfiguration {

    public static final String HEADER = "X-Test-Fault";

    @Bean
    public Filter faultyFilter() {
        return (request, response, chain) -> {
            if (((HttpServletRequest) request).getHeader(HEADER) != null) {
                throw new IllegalStateException("Simulated fault in a filter");
            }
            chain.doFilter(request, response);
        };
    }

}
