package io.brightcounter.config;

import java.util.Map;
import java.util.Objects;

import io.brightcounter.config.BrightCounterProperties.Store;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.Assert;

/**
 * The condition of {@link ConditionalOnStore}, with its outcome in the condition
 * evaluation report.
 */
class OnStoreCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, @Nullable Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStore.class.getName());
        Assert.state(attributes != null, "only @ConditionalOnStore applies this condition");
        Store required = (Store) Objects.requireNonNull(attributes.get("value"));
        Store chosen = Store.chosenIn(context.getEnvironment());
        ConditionMessage message = ConditionMessage.forCondition(ConditionalOnStore.class, required)
            .because(Store.PROPERTY + " chooses " + chosen);
        return new ConditionOutcome(chosen == required, message);
    }

}
