package io.github.srsr.registry.junit.spring;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.srsr.registry.EmbeddedSrsrRegistry;
import io.github.srsr.registry.SrsrTestClient;
import io.github.srsr.registry.junit.EmbeddedSrsr;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EmbeddedSrsr} on a Spring test: the test context owns the registry, exposes it as a bean and as
 * {@code srsr.registry.url} ahead of test properties, and the JUnit extension injects that same registry.
 */
@SpringJUnitConfig(EmbeddedSrsrSpringTests.Config.class)
@EmbeddedSrsr(timeout = "2s")
@TestPropertySource(properties = "srsr.registry.url=http://elsewhere.invalid:1")
class EmbeddedSrsrSpringTests {

	@Autowired
	private Environment environment;

	@Autowired
	private EmbeddedSrsrRegistry bean;

	@Test
	void propertyPointsAtTheInjectedRegistryWhichAnswers(EmbeddedSrsrRegistry registry) {
		assertThat(this.environment.getProperty("srsr.registry.url")).isEqualTo(registry.url().toString());
		assertThat(registry.isRunning()).isTrue();
		assertThat(registry.timeout()).isEqualTo(Duration.ofSeconds(2));
		SrsrTestClient client = new SrsrTestClient(URI.create(this.environment.getProperty("srsr.registry.url")));
		String id = client.register("svc", "http://a:1");
		assertThat(client.heartbeat(id)).isTrue();
		assertThat(registry.instances()).extracting("id").contains(id);
	}

	@Test
	void theExtensionInjectsTheContextsBeanInsteadOfStartingASecondRegistry(EmbeddedSrsrRegistry registry,
			@Autowired EmbeddedSrsrRegistry autowired, @Autowired ApplicationContext context) {
		assertThat(registry).isSameAs(this.bean).isSameAs(autowired);
		assertThat(context.getBeansOfType(EmbeddedSrsrRegistry.class)).containsOnlyKeys("embeddedSrsrRegistry");
	}

	@Test
	void valueInjectionSeesTheUrl(@Value("${srsr.registry.url}") String url) {
		assertThat(url).isEqualTo(this.bean.url().toString());
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
