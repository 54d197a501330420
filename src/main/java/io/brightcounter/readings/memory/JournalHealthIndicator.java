package io.brightcounter.readings.memory;

import java.util.Locale;

import io.brightcounter.config.BrightCounterProperties.Store;
import io.brightcounter.config.ConditionalOnStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The journal's health, {@code journal} in the readiness group as {@code db} is for the
 * PostgreSQL store: DOWN exactly while the journal refuses writes (a full or failing
 * disk, at start or later), read from the journal itself at each probe. Readiness thus
 * needs no flag of its own, set on one thread and read on another, and no announcement
 * that could cross the application's own announcement that it is ready.
 */
@Component
@ConditionalOnStore(Store.MEMORY)
class JournalHealthIndicator implements HealthIndicator {

    private final StoreJournal journal;

    JournalHealthIndicator(StoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public Health health() {
        String refusal = this.journal.refusal();
        Health.Builder health = (refusal != null) ? Health.down().withDetail("reason", refusal) : Health.up();
        return health.withDetail("mode", this.journal.mode().name().toLowerCase(Locale.ROOT)).build();
    }

}
