package io.github.srsr.boot.cloud;

import io.github.srsr.boot.autoconfigure.SrsrAutoConfiguration;
import io.github.srsr.boot.lookup.SrsrServiceLookup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * Spring Cloud LoadBalancer over srsr, when {@code spring-cloud-loadbalancer} is on the class
 * path: every load-balanced client gets the instance set of its service from memory on every
 * request ({@link SrsrServiceInstanceListSupplier}), instead of LoadBalancer's default supplier,
 * which caches the discovery client's answer for 35 s and so keeps callers on a departed
 * instance and off a new one. A supplier of the application's own, in a
 * {@code @LoadBalancerClient(configuration = ...)}, wins;
 * {@code spring.cloud.discovery.enabled=false} turns it off.
 */
@AutoConfiguration(after = SrsrAutoConfiguration.class,
		beforeName = "org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier")
@ConditionalOnBean(SrsrServiceLookup.class)
@ConditionalOnDiscoveryEnabled
@LoadBalancerClients(defaultConfiguration = SrsrLoadBalancerClientConfiguration.class)
public final class SrsrLoadBalancerAutoConfiguration {

}
