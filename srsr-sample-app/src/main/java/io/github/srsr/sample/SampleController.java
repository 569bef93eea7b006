package io.github.srsr.sample;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.github.srsr.boot.lookup.SrsrServiceLookup;
import io.github.srsr.boot.registration.SrsrRegistration;
import io.github.srsr.client.SrsrClientException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Greets with this service's name, resolves other services through the registry with the
 * starter's {@link SrsrServiceLookup} (cached, retried and failing fast as {@code srsr.lookup.*}
 * says), and calls them by name through a {@link LoadBalanced} {@link RestClient}.
 */
@RestController
class SampleController {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
			new ParameterizedTypeReference<>() {
			};

	private final ObjectProvider<SrsrServiceLookup> lookup;

	private final ObjectProvider<SrsrRegistration> registration;

	private final RestClient loadBalanced;

	private final String serviceName;

	/**
	 * The lookup and the registration are optional: with {@code srsr.enabled=false} the starter
	 * defines neither, and the sample still runs.
	 */
	SampleController(ObjectProvider<SrsrServiceLookup> lookup, ObjectProvider<SrsrRegistration> registration,
			@LoadBalanced RestClient.Builder loadBalanced,
			@Value("${srsr.service.name:${spring.application.name}}") String serviceName) {
		this.lookup = lookup;
		this.registration = registration;
		this.loadBalanced = loadBalanced.build();
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

	/**
	 * Which instance this is: the port it serves on and the address it registered (without
	 * {@code srsr.service.address}, srsr fills in the caller's IP, shown as {@code <caller ip>}).
	 */
	@GetMapping("/whoami")
	Map<String, Object> whoami(HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("service", this.serviceName);
		body.put("port", request.getLocalPort());
		SrsrRegistration registration = this.registration.getIfAvailable();
		String registered = (registration != null) ? registration.getStatus().address() : null;
		if (registered != null) {
			body.put("registeredAddress", registered);
		}
		return body;
	}

	/**
	 * Call {@code GET /whoami} of an instance of another service (another sample), picked by
	 * LoadBalancer among every instance the starter knows of the name, and answer what it said.
	 */
	@GetMapping("/call/{name}")
	ResponseEntity<Map<String, Object>> call(@PathVariable String name) {
		try {
			Map<String, Object> answer = this.loadBalanced.get()
				.uri("http://{name}/whoami", name)
				.retrieve()
				.body(JSON_OBJECT);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("service", name);
			body.put("answer", (answer != null) ? answer : Map.of());
			return ResponseEntity.ok(body);
		}
		catch (IllegalStateException ex) {
			// LoadBalancer found no instance of the name.
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("service", name, "error", String.valueOf(ex.getMessage())));
		}
		catch (RestClientException ex) {
			// The instance picked did not answer, or not with JSON.
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.body(Map.of("service", name, "error", String.valueOf(ex.getMessage())));
		}
	}

}
