package io.github.srsr.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when this application has a name to register under: {@code srsr.service.name}, or else
 * {@code spring.application.name}.
 */
class ServiceNameCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("srsr service name");
		String name = serviceName(context.getEnvironment());
		if (name != null) {
			return ConditionOutcome.match(message.found("service name").items(name));
		}
		return ConditionOutcome
			.noMatch(message.didNotFind("property").items("srsr.service.name", "spring.application.name"));
	}

	/**
	 * Return the name to register under.
	 * @param environment the environment
	 * @return the name, or {@code null} if neither property has text
	 */
	static @Nullable String serviceName(Environment environment) {
		String name = environment.getProperty("srsr.service.name");
		if (!StringUtils.hasText(name)) {
			name = environment.getProperty("spring.application.name");
		}
		return StringUtils.hasText(name) ? name.trim() : null;
	}

	/**
	 * The opposite: matches when there is no name to register under.
	 */
	static class Missing extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome outcome = new ServiceNameCondition().getMatchOutcome(context, metadata);
			return new ConditionOutcome(!outcome.isMatch(), outcome.getConditionMessage());
		}

	}

}
