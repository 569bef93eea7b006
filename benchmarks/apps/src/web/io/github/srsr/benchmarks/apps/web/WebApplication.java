package io.github.srsr.benchmarks.apps.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The small web application items 9 and 10 start three ways: the same code, built into three jars whose class paths
 * differ only by the registry client (none, the srsr starter, the Spring Cloud Netflix Eureka client).
 */
@SpringBootApplication
@RestController
public class WebApplication {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) {
		SpringApplication.run(WebApplication.class, args);
	}

}
