package io.brightcounter.web.tomcat;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * How Tomcat treats request bodies the application does not read: {@link UnreadBodyValve}
 * closes the connection after an early answer, and {@code 100 Continue} is sent only when
 * the application starts reading the body (Tomcat's default sends it as soon as the
 * headers are in, so a client announcing a body over the limit was told to send it, then
 * got 413).
 */
@Component
class TomcatRequestHandlingCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addEngineValves(new UnreadBodyValve());
        factory.addConnectorCustomizers((connector) -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        });
    }

}
