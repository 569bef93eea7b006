package io.github.srsr.boot.actuate;

import java.util.List;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.lookup.DefaultSrsrServiceLookup;
import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link SrsrEndpoint srsr actuator endpoint}, when the actuator is present, the starter is
 * enabled (the endpoint shows an inactive registration too), and the endpoint is available (access
 * allowed and exposed, which over HTTP it is not by default).
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SrsrRegistration.class)
@ConditionalOnAvailableEndpoint(SrsrEndpoint.class)
@ImportRuntimeHints(SrsrEndpointRuntimeHints.class)
public final class SrsrEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SrsrEndpoint srsrEndpoint(SrsrRegistration srsrRegistration, ObjectProvider<SrsrServiceLookup> srsrServiceLookup) {
		return new SrsrEndpoint(srsrRegistration,
				() -> (srsrServiceLookup.getIfUnique() instanceof DefaultSrsrServiceLookup lookup)
						? lookup.getInstanceSets() : List.of());
	}

}
