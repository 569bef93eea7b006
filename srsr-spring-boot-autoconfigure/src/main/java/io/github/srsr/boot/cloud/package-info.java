/**
 * Spring Cloud Commons integration, active only when {@code spring-cloud-commons} is on the class
 * path: a {@link org.springframework.cloud.client.discovery.DiscoveryClient} (and
 * {@link org.springframework.cloud.client.discovery.ReactiveDiscoveryClient}) backed by srsr
 * lookups, so that {@code @LoadBalanced} clients resolve service names through srsr, and a
 * {@link org.springframework.cloud.client.serviceregistry.ServiceRegistry} over this application's
 * own registration.
 */
@NullMarked
package io.github.srsr.boot.cloud;

import org.jspecify.annotations.NullMarked;
