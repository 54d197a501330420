package io.brightcounter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs the PostgreSQL database of
 * {@link TestDatabase}. Without a reachable database it is skipped, so that
 * {@code ./mvnw test} passes on a machine with only a JDK; with
 * {@code BRIGHT_COUNTER_TEST_REQUIRE_POSTGRES=true}, as CI sets it, it fails instead, so
 * that a missing database can never pass as a green build.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresAvailableCondition.class)
public @interface RequiresPostgres {

}
