package io.brightcounter.web;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain of servlet filters Tomcat really runs, read from the context it built, in the
 * order {@link FilterOrder} states (with API keys configured, so that every filter of
 * ours is in it).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bright-counter.api-keys=order-key")
class FilterChainOrderTests {

    @Autowired
    private ServletWebServerApplicationContext context;

    @Test
    void theFiltersRunInTheStatedOrder() {
        assertThat(chain()).startsWith("characterEncodingFilter", "webMvcObservationFilter", "shutdownDrain",
                "requestIdFilter", "earlyAnswerFilter", "crossOriginFilter", "devicePageHeadersFilter", "apiKeyFilter",
                "optionsFilter", "requestBodyLimitFilter", "loadSheddingFilter", "requestContextFilter");
    }

    private List<String> chain() {
        TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
        Container[] contexts = server.getTomcat().getHost().findChildren();
        List<String> names = new ArrayList<>();
        for (FilterMap map : ((StandardContext) contexts[0]).findFilterMaps()) {
            if (!names.contains(map.getFilterName())) {
                names.add(map.getFilterName());
            }
        }
        return names;
    }

}
