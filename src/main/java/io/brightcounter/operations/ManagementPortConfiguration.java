package io.brightcounter.operations;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.config.EdgeProperties;
import io.brightcounter.protection.ApiKeyFilter;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.ManagementErrorFilter;
import io.brightcounter.web.Rejections;
import io.brightcounter.web.tomcat.TomcatEdgeCustomizer;
import io.brightcounter.web.tomcat.TomcatErrorReportCustomizer;
import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The management port's server (Actuator on 9001) is built by Spring Boot in a child
 * context with its own Tomcat, which sees none of the API's customizers and filters. This
 * puts the same edge there: the JSON error report valve, the response headers and the
 * head deadline, an error page that answers with the envelope, and the API key for every
 * endpoint but the health probes when {@code bright-counter.management-requires-api-key}
 * is on. Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementPortConfiguration.OnlyInChildContext.class)
class ManagementPortConfiguration {

    private static final EndpointId HEALTH = EndpointId.of("health");

    @Bean
    TomcatErrorReportCustomizer managementErrorReportCustomizer(Rejections rejections) {
        return new TomcatErrorReportCustomizer(rejections);
    }

    @Bean
    TomcatEdgeCustomizer managementEdgeCustomizer(EdgeProperties properties) {
        return new TomcatEdgeCustomizer(properties);
    }

    @Bean
    FilterRegistrationBean<ManagementErrorFilter> managementErrorFilter(JsonMapper jsonMapper,
            @Value("${spring.web.error.path:/error}") String errorPath) {
        FilterRegistrationBean<ManagementErrorFilter> registration = new FilterRegistrationBean<>(
                new ManagementErrorFilter(jsonMapper, errorPath));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.setOrder(FilterOrder.MANAGEMENT_ERRORS);
        return registration;
    }

    /**
     * Metrics, build details, the SBOM and the index are for operators; health probes
     * stay open for load balancers and orchestrators. Every exposed endpoint but health
     * is covered, so an endpoint exposed later needs a key without being listed here;
     * unknown paths stay 404. The servlet container matches these patterns on the decoded
     * path without matrix parameters, so no spelling of a path slips past.
     */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> managementApiKeyFilter(BrightCounterProperties properties, EdgeProperties edge,
            PathMappedEndpoints endpoints, Rejections rejections) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(properties.apiKeys(), rejections));
        String base = endpoints.getBasePath();
        if (!base.isEmpty()) {
            // The index, which lists every endpoint.
            registration.addUrlPatterns(base, base + "/");
        }
        String health = endpoints.getPath(HEALTH);
        for (String path : endpoints.getAllPaths()) {
            if (!path.equals(health)) {
                registration.addUrlPatterns(path, path + "/*");
            }
        }
        registration.setOrder(FilterOrder.API_KEY);
        // Without patterns a registration covers every path, the health probes included.
        registration.setEnabled(edge.managementRequiresApiKey() && !properties.apiKeys().isEmpty()
                && !registration.getUrlPatterns().isEmpty());
        return registration;
    }

    /**
     * The API's component scan finds this class too (it is a configuration class in the
     * application's package); only the management child context, which has a parent, may
     * use it.
     */
    static final class OnlyInChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        }

    }

}
