package io.brightcounter.protection;

import java.util.ArrayList;
import java.util.List;

import io.brightcounter.config.AdminProperties;
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
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(BrightCounterProperties properties, AdminProperties admin,
            Rejections rejections) {
        // An admin key is at least an API key: a deletion carries one key, in one header.
        List<String> keys = new ArrayList<>(properties.apiKeys());
        keys.addAll(admin.adminApiKeys());
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(keys, rejections));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(FilterOrder.API_KEY);
        registration.setEnabled(!properties.apiKeys().isEmpty());
        return registration;
    }

}
