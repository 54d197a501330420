package io.brightcounter.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.brightcounter.config.BrightCounterProperties.Store;

import org.springframework.context.annotation.Conditional;

/**
 * A bean of one store only: present when {@code bright-counter.store} chooses that store
 * ({@link Store#chosenIn}), so that every bean of a store follows one reading of the
 * property.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnStoreCondition.class)
public @interface ConditionalOnStore {

    /**
     * The store the bean belongs to.
     * @return the store
     */
    Store value();

}
