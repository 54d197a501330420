package io.brightcounter.protection;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.RejectionMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the API key check when keys are configured; without keys there is no filter
 * at all.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(BrightCounterProperties properties, JsonMapper jsonMapper,
            RejectionMetrics metrics) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(properties.apiKeys(), jsonMapper, metrics));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setEnabled(!properties.apiKeys().isEmpty());
        return registration;
    }

}
