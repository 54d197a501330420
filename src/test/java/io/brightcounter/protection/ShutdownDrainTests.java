package io.brightcounter.protection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.brightcounter.config.EdgeProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain's steps, without a server: readiness goes down once, for the application's
 * own context, and responses say {@code Connection: close} from then on.
 */
class ShutdownDrainTests {

    private final GenericApplicationContext context = new GenericApplicationContext();

    private final List<AvailabilityState> readiness = new CopyOnWriteArrayList<>();

    ShutdownDrainTests() {
        this.context.addApplicationListener((ApplicationListener<ApplicationEvent>) (event) -> {
            if (event instanceof AvailabilityChangeEvent<?> change) {
                this.readiness.add(change.getState());
            }
        });
        this.context.refresh();
    }

    @AfterEach
    void close() {
        this.context.close();
    }

    @Test
    void beforeTheContextClosesResponsesKeepTheirConnection() throws Exception {
        ShutdownDrain drain = drain(Duration.ZERO);
        assertThat(connectionHeader(drain)).isNull();
        assertThat(this.readiness).isEmpty();
    }

    @Test
    void whenTheContextClosesReadinessGoesDownAndEveryResponseClosesItsConnection() throws Exception {
        ShutdownDrain drain = drain(Duration.ZERO);
        drain.onApplicationEvent(new ContextClosedEvent(this.context));
        assertThat(this.readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC);
        assertThat(connectionHeader(drain)).isEqualTo("close");
        assertThat(connectionHeader(drain)).isEqualTo("close");
    }

    @Test
    void aSecondCloseDoesNotDrainAgain() {
        ShutdownDrain drain = drain(Duration.ZERO);
        drain.onApplicationEvent(new ContextClosedEvent(this.context));
        drain.onApplicationEvent(new ContextClosedEvent(this.context));
        assertThat(this.readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void anotherContextClosingLeavesTheServiceAsItWas() throws Exception {
        ShutdownDrain drain = drain(Duration.ofMinutes(5));
        try (GenericApplicationContext child = new GenericApplicationContext()) {
            child.refresh();
            drain.onApplicationEvent(new ContextClosedEvent(child));
        }
        assertThat(this.readiness).isEmpty();
        assertThat(connectionHeader(drain)).isNull();
    }

    @Test
    void theDrainLastsAtLeastItsSetting() throws Exception {
        ShutdownDrain drain = drain(Duration.ofMillis(200));
        long start = System.nanoTime();
        drain.onApplicationEvent(new ContextClosedEvent(this.context));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(this.readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC);
        assertThat(connectionHeader(drain)).isEqualTo("close");
    }

    @Test
    void anInterruptedDrainEndsAndKeepsTheInterrupt() {
        ShutdownDrain drain = drain(Duration.ofMinutes(5));
        Thread.currentThread().interrupt();
        try {
            drain.onApplicationEvent(new ContextClosedEvent(this.context));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
        assertThat(this.readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC);
    }

    private ShutdownDrain drain(Duration drain) {
        return new ShutdownDrain(this.context,
                new EdgeProperties(Duration.ofSeconds(20), drain, false, new EdgeProperties.Cors(List.of())));
    }

    private static String connectionHeader(ShutdownDrain drain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        drain.doFilter(new MockHttpServletRequest("GET", "/api/ping"), response, chain);
        assertThat(chain.getRequest()).isNotNull();
        return response.getHeader("Connection");
    }

}
