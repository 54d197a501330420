package io.brightcounter.protection;

import java.time.Duration;
import java.util.List;

import io.brightcounter.config.AdminProperties;
import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.web.FilterOrder;
import io.brightcounter.web.Rejections;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The key check's registration: on every {@code /api/*} path, in its place in the chain,
 * and only when keys are configured; an admin key passes it as an API key does.
 */
class ApiKeyConfigurationTests {

    @Test
    void withKeysTheCheckGuardsTheApiInItsPlace() {
        FilterRegistrationBean<ApiKeyFilter> registration = register(List.of("api-key"), List.of());
        assertThat(registration.isEnabled()).isTrue();
        assertThat(registration.getUrlPatterns()).containsExactly("/api/*");
        assertThat(registration.getOrder()).isEqualTo(FilterOrder.API_KEY);
    }

    @Test
    void withoutKeysThereIsNoCheck() {
        assertThat(register(List.of(), List.of()).isEnabled()).isFalse();
    }

    @Test
    void anAdminKeyIsAnApiKeyToo() throws Exception {
        ApiKeyFilter filter = register(List.of("api-key"), List.of("admin-key")).getFilter();
        assertThat(passes(filter, "Bearer api-key")).isTrue();
        assertThat(passes(filter, "Bearer admin-key")).isTrue();
        assertThat(passes(filter, "Bearer other-key")).isFalse();
    }

    private static FilterRegistrationBean<ApiKeyFilter> register(List<String> apiKeys, List<String> adminKeys) {
        BrightCounterProperties properties = new BrightCounterProperties(1024, BrightCounterProperties.Store.MEMORY,
                null, null, apiKeys, Duration.ofSeconds(30), null);
        return new ApiKeyConfiguration().apiKeyFilter(properties, new AdminProperties(adminKeys),
                mock(Rejections.class));
    }

    private static boolean passes(ApiKeyFilter filter, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/devices");
        request.addHeader("Authorization", authorization);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return chain.getRequest() != null;
    }

}
