package io.brightcounter.protection;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.Rejections;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the API key check when keys are configured; without keys there is no filter
 * at all.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(BrightCounterProperties properties, Rejections rejections) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(properties.apiKeys(), rejections));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(FilterOrder.API_KEY);
        registration.setEnabled(!properties.apiKeys().isEmpty());
        return registration;
    }

}
