package io.github.srsr.boot.autoconfigure;

import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.boot.health.SrsrHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link SrsrHealthIndicator}, the {@code srsr} component of the health endpoint.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SrsrRegistration.class)
@ConditionalOnEnabledHealthIndicator("srsr")
public final class SrsrHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "srsrHealthIndicator")
	SrsrHealthIndicator srsrHealthIndicator(SrsrRegistration srsrRegistration) {
		return new SrsrHealthIndicator(srsrRegistration);
	}

}
