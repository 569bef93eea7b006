package io.github.srsr.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.srsr.boot.actuate.SrsrEndpointAutoConfiguration;
import io.github.srsr.boot.cloud.SrsrCloudAutoConfiguration;
import io.github.srsr.boot.cloud.SrsrLoadBalancerAutoConfiguration;
import io.github.srsr.boot.health.SrsrHealthContributorAutoConfiguration;
import io.github.srsr.boot.metrics.SrsrMetricsAutoConfiguration;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the configuration metadata from the built jar, as an IDE does, and checks that every
 * {@code srsr.*} key and {@code management.health.srsr.enabled} is there with a description.
 * Runs after {@code package}; the jar's path comes from the system property
 * {@value #JAR_PROPERTY}.
 */
class SrsrConfigurationMetadataIT {

	private static final String JAR_PROPERTY = "srsr.autoconfigure.jar";

	private static final String IMPORTS = "META-INF/spring/"
			+ "org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	private static final Map<String, JsonNode> properties = new LinkedHashMap<>();

	@BeforeAll
	static void readMetadataFromTheJar() throws IOException {
		String jar = System.getProperty(JAR_PROPERTY);
		assertThat(jar).as("system property " + JAR_PROPERTY).isNotBlank();
		assertThat(Path.of(jar)).as("the built jar").isRegularFile();
		JsonMapper mapper = JsonMapper.builder().build();
		try (JarFile jarFile = new JarFile(jar)) {
			for (String name : new String[] { "META-INF/spring-configuration-metadata.json",
					"META-INF/additional-spring-configuration-metadata.json" }) {
				ZipEntry entry = jarFile.getEntry(name);
				assertThat(entry).as(name + " in " + jar).isNotNull();
				try (InputStream content = jarFile.getInputStream(entry)) {
					for (JsonNode property : mapper.readTree(content).get("properties")) {
						properties.merge(property.get("name").stringValue(), property,
								(generated, additional) -> generated.has("description") ? generated : additional);
					}
				}
			}
		}
	}

	@Test
	void everySrsrKeyHasADescription() {
		Set<String> undescribed = new TreeSet<>();
		properties.forEach((name, property) -> {
			if (name.startsWith("srsr.") || name.contains(".srsr.")) {
				JsonNode description = property.get("description");
				if (description == null || description.stringValue().isBlank()) {
					undescribed.add(name);
				}
			}
		});
		assertThat(undescribed).as("keys without a description").isEmpty();
	}

	@Test
	void everyBindablePropertyIsInTheMetadata() {
		Set<String> expected = new TreeSet<>();
		collectKeys(SrsrProperties.class, expected);
		expected.add("management.health.srsr.enabled");
		expected.add("management.endpoint.srsr.access");
		assertThat(properties.keySet()).containsAll(expected);
	}

	@Test
	void lookupKeysAndTheHealthSwitchShowTheirDefaults() {
		Set<String> lookupKeys = new TreeSet<>();
		collectKeys(SrsrProperties.Lookup.class, "srsr.lookup", lookupKeys);
		assertThat(lookupKeys).hasSize(9);
		for (String key : lookupKeys) {
			assertThat(properties.get(key).has("defaultValue")).as("default of " + key).isTrue();
		}
		assertThat(properties.get("srsr.lookup.cache-ttl").get("defaultValue").stringValue()).isEqualTo("0ms");
		assertThat(properties.get("srsr.lookup.circuit-breaker.cool-down").get("defaultValue").stringValue())
			.isEqualTo("10s");
		assertThat(properties.get("management.health.srsr.enabled").get("defaultValue").booleanValue()).isTrue();
	}

	@Test
	void jarShipsTheAutoConfigurationsItRegisters() throws IOException {
		String imports = jarEntry(IMPORTS);
		assertThat(imports).contains(SrsrAutoConfiguration.class.getName(),
				SrsrCloudAutoConfiguration.class.getName(), SrsrEndpointAutoConfiguration.class.getName(),
				SrsrHealthContributorAutoConfiguration.class.getName(), SrsrMetricsAutoConfiguration.class.getName(),
				SrsrLoadBalancerAutoConfiguration.class.getName());
	}

	/**
	 * Spring Boot orders the auto-configurations and skips those whose classes are missing (Spring
	 * Cloud's, for example) from {@code META-INF/spring-autoconfigure-metadata.properties}, without
	 * reading their class files, as it does for its own; without the file it reads every one.
	 */
	@Test
	void jarDescribesTheConditionsOfEveryAutoConfiguration() throws IOException {
		Properties metadata = new Properties();
		metadata.load(new StringReader(jarEntry("META-INF/spring-autoconfigure-metadata.properties")));
		List<String> imported = jarEntry(IMPORTS).lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(imported).hasSize(6);
		assertThat(metadata.stringPropertyNames()).containsAll(imported);
		assertThat(metadata.getProperty(SrsrCloudAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.contains("org.springframework.cloud.client.discovery.DiscoveryClient");
		assertThat(metadata.getProperty(SrsrHealthContributorAutoConfiguration.class.getName() + ".AutoConfigureAfter"))
			.isEqualTo(SrsrAutoConfiguration.class.getName());
	}

	/** The text of an entry of the built jar, which must have it. */
	private static String jarEntry(String name) throws IOException {
		try (JarFile jarFile = new JarFile(System.getProperty(JAR_PROPERTY))) {
			ZipEntry entry = jarFile.getEntry(name);
			assertThat(entry).as(name + " in the jar").isNotNull();
			try (InputStream content = jarFile.getInputStream(entry)) {
				return new String(content.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
	}

	/**
	 * The keys a properties class binds, derived the way Spring Boot binds JavaBeans: a getter with
	 * a setter is a key, a getter of a nested class without a setter is a group.
	 */
	private static void collectKeys(Class<?> type, Set<String> keys) {
		ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
		collectKeys(type, (annotation.prefix().isEmpty()) ? annotation.value() : annotation.prefix(), keys);
	}

	private static void collectKeys(Class<?> type, String prefix, Set<String> keys) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String key = prefix + "." + descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			if (descriptor.getWriteMethod() != null) {
				keys.add(key);
			}
			else if (descriptor.getPropertyType().getEnclosingClass() == type) {
				collectKeys(descriptor.getPropertyType(), key, keys);
			}
		}
	}

}
