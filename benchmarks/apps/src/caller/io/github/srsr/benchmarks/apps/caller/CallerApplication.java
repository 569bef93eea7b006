package io.github.srsr.benchmarks.apps.caller;

import java.util.stream.Collectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A second application, as items 10 and 11 see discovery through it: what Spring Cloud's {@link DiscoveryClient}
 * and {@link LoadBalancerClient} (Spring Cloud LoadBalancer at its defaults) give it, over HTTP. Built twice: with
 * the srsr starter, and with the Eureka client. Each answer is {@code port,port,...} (the instances' ports: every
 * instance runs on 127.0.0.1), empty when there is none.
 */
@SpringBootApplication
@RestController
public class CallerApplication {

	private final DiscoveryClient discovery;

	private final LoadBalancerClient loadBalancer;

	CallerApplication(DiscoveryClient discovery, LoadBalancerClient loadBalancer) {
		this.discovery = discovery;
		this.loadBalancer = loadBalancer;
	}

	/** {@code DiscoveryClient.getInstances(name)}: the ports of every instance returned. */
	@GetMapping("/instances/{name}")
	String instances(@PathVariable String name) {
		return this.discovery.getInstances(name)
			.stream()
			.map((instance) -> String.valueOf(instance.getPort()))
			.collect(Collectors.joining(","));
	}

	/** {@code LoadBalancerClient.choose(name)}: the port of the instance picked. */
	@GetMapping("/pick/{name}")
	String pick(@PathVariable String name) {
		ServiceInstance instance = this.loadBalancer.choose(name);
		return (instance != null) ? String.valueOf(instance.getPort()) : "";
	}

	public static void main(String[] args) {
		SpringApplication.run(CallerApplication.class, args);
	}

}
