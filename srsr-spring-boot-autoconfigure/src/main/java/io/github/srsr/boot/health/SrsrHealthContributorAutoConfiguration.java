package io.github.srsr.boot.health;

import java.util.Locale;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.autoconfigure.SrsrProperties;
import io.github.srsr.boot.registration.SrsrRegistration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link SrsrHealthIndicator}, the {@code srsr} component of the health endpoint.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SrsrRegistration.class)
@ConditionalOnEnabledHealthIndicator("srsr")
@EnableConfigurationProperties(SrsrProperties.class)
public final class SrsrHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "srsrHealthIndicator")
	SrsrHealthIndicator srsrHealthIndicator(SrsrRegistration srsrRegistration, SrsrProperties properties) {
		String failureStatus = properties.getHealth().getFailureStatus();
		return new SrsrHealthIndicator(srsrRegistration, new Status(failureStatus.trim().toUpperCase(Locale.ROOT)));
	}

}
