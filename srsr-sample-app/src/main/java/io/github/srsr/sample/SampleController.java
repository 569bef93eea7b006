package io.github.srsr.sample;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.client.SrsrClientException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Greets with this service's name, and resolves other services through the registry with the
 * starter's {@link SrsrServiceLookup} (cached, retried and failing fast as {@code srsr.lookup.*}
 * says).
 */
@RestController
class SampleController {

	private final ObjectProvider<SrsrServiceLookup> lookup;

	private final String serviceName;

	/**
	 * The lookup is optional: with {@code srsr.enabled=false} the starter defines none, and the
	 * sample still runs.
	 */
	SampleController(ObjectProvider<SrsrServiceLookup> lookup,
			@Value("${srsr.service.name:${spring.application.name}}") String serviceName) {
		this.lookup = lookup;
		this.serviceName = serviceName;
	}

	@GetMapping("/")
	Map<String, String> greeting() {
		return Map.of("message", "Hello from " + this.serviceName + "!", "service", this.serviceName);
	}

	@GetMapping("/services/{name}")
	ResponseEntity<Map<String, String>> resolve(@PathVariable String name) {
		SrsrServiceLookup lookup = this.lookup.getIfAvailable();
		if (lookup == null) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("service", name, "error", "srsr is disabled (srsr.enabled=false)"));
		}
		Optional<URI> address;
		try {
			address = lookup.lookup(name);
		}
		catch (SrsrClientException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("service", name, "error", ex.getMessage()));
		}
		return address.map((uri) -> ResponseEntity.ok(Map.of("service", name, "address", uri.toString())))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("service", name, "error", "No service named '" + name + "' is registered with srsr")));
	}

}
