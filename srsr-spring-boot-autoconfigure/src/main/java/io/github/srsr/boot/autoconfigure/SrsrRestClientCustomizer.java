package io.github.srsr.boot.autoconfigure;

import org.springframework.web.client.RestClient;

/**
 * Callback that customizes the {@link RestClient.Builder} the starter talks to the registry with,
 * for whatever a proxy in front of the registry needs: headers, request signing, interceptors.
 * Every bean of this type is applied, in {@link org.springframework.core.annotation.Order order},
 * after the starter's own settings (timeouts, TLS, no redirects) and before the basic
 * authentication of {@code srsr.registry.url}'s user info is added. The builder has no base URL:
 * each client calls the absolute URIs of its registry's four paths.
 * <p>
 * For example, to sign every request:
 * <pre class="code">
 * &#64;Bean
 * SrsrRestClientCustomizer signing(Signer signer) {
 *     return (builder) -&gt; builder.requestInterceptor((request, body, execution) -&gt; {
 *         request.getHeaders().set("X-Signature", signer.sign(body));
 *         return execution.execute(request, body);
 *     });
 * }
 * </pre>
 */
@FunctionalInterface
public interface SrsrRestClientCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder of the registry client
	 */
	void customize(RestClient.Builder builder);

}
