package io.github.srsr.boot.actuate;

import org.springframework.web.client.RestClient;

/**
 * What the actuator answers over HTTP, for the endpoint's web tests.
 */
final class ActuatorHttp {

	private ActuatorHttp() {
	}

	/**
	 * Send the request and return the status code of its answer, whatever it is.
	 * @param request the request
	 * @return the status code, {@code -1} without an answer
	 */
	static int status(RestClient.RequestHeadersSpec<?> request) {
		Integer status = request.exchange((req, response) -> response.getStatusCode().value());
		return (status != null) ? status : -1;
	}

}
