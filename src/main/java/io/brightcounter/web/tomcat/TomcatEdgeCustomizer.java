package io.brightcounter.web.tomcat;

import io.brightcounter.config.EdgeProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The web server's edge: {@link GuardedHttp11NioProtocol} with the request head deadline,
 * and {@link ResponseHeadersValve} first in line. Also applied to the management port's
 * server, which Spring Boot builds in a child context that does not see this context's
 * customizers.
 */
@Component
public class TomcatEdgeCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final EdgeProperties properties;

    public TomcatEdgeCustomizer(EdgeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(GuardedHttp11NioProtocol.class.getName());
        factory.addEngineValves(new ResponseHeadersValve());
        long headMillis = this.properties.maxRequestHeadTime().toMillis();
        factory.addConnectorCustomizers((connector) -> {
            if (connector.getProtocolHandler() instanceof GuardedHttp11NioProtocol protocol) {
                protocol.setMaxRequestHeadTime(headMillis);
            }
        });
    }

}
