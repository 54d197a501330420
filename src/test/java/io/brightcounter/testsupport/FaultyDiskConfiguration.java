package io.brightcounter.testsupport;

import io.brightcounter.readings.memory.journal.FaultyJournalFileSystem;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A journal whose disk can be made to fail on demand ({@link FaultyJournalFileSystem}),
 * for the tests of what a failed journal write does to the API and to error tracking.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FaultyDiskConfiguration {

    @Bean
    FaultyJournalFileSystem faultyJournalFileSystem() {
        return new FaultyJournalFileSystem();
    }

}
