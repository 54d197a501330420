package io.brightcounter.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningTests {

    private final List<Object> logged = new CopyOnWriteArrayList<>();

    private final NoOpLog log = new NoOpLog() {

        @Override
        public void warn(Object message) {
            ThrottledWarningTests.this.logged.add(message);
        }

    };

    @Test
    void theFirstWarningIsLoggedAsItIs() {
        new ThrottledWarning(this.log, Duration.ofHours(1)).warn("database down");
        assertThat(this.logged).containsExactly("database down");
    }

    @Test
    void warningsWithinTheIntervalAreCountedNotLogged() {
        ThrottledWarning warning = new ThrottledWarning(this.log, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            warning.warn("database down");
        }
        assertThat(this.logged).containsExactly("database down");
    }

    @Test
    void theNextWarningAfterTheIntervalSaysHowManyWereLeftOut() {
        ThrottledWarning warning = new ThrottledWarning(this.log, Duration.ofMillis(1));
        warning.warn("database down");
        int calls = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (this.logged.size() < 2 && System.nanoTime() - deadline < 0) {
            warning.warn("database down");
            calls++;
        }
        assertThat(this.logged).hasSize(2);
        assertThat(this.logged.get(1)).isEqualTo(
                (calls == 1) ? "database down" : "database down (and " + (calls - 1) + " more since the last warning)");
    }

    @Test
    void withNoIntervalEveryWarningIsLoggedAsItIs() {
        ThrottledWarning warning = new ThrottledWarning(this.log, Duration.ZERO);
        warning.warn("shed");
        warning.warn("shed");
        warning.warn("shed");
        assertThat(this.logged).containsExactly("shed", "shed", "shed");
    }

}
