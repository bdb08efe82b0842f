package dev.dialtone.autoconfigure;

import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnEnabledFlag}.
 */
class OnEnabledFlagCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String[] properties = (String[]) metadata.getAnnotationAttributes(ConditionalOnEnabledFlag.class.getName())
			.get("value");
		ConditionOutcome outcome = null;
		for (String property : properties) {
			outcome = outcome(property, context.getEnvironment().getProperty(property));
			if (!outcome.isMatch()) {
				return outcome;
			}
		}
		return outcome;
	}

	static ConditionOutcome outcome(String property, String value) {
		if (value == null) {
			return ConditionOutcome.match(property + " is not set, so it is on");
		}
		switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true":
				return ConditionOutcome.match(property + " is true");
			case "false":
				return ConditionOutcome.noMatch(property + " is false");
			default:
				throw new InvalidGrpcClientPropertyException(property, value,
						"true or false (leaving it out means true)");
		}
	}

}
