package io.github.srsr.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, at start-up, why the application is not registered when it has no service name, the
 * way srsrpy degrades gracefully without {@code SRSR_SERVICE_NAME}.
 */
class SrsrInactiveNotice implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SrsrInactiveNotice.class);

	@Override
	public void afterSingletonsInstantiated() {
		logger.info("srsr registration is inactive: no service name. Set srsr.service.name (SRSR_SERVICE_NAME) "
				+ "or spring.application.name to register this application, or srsr.enabled=false to silence "
				+ "this message.");
	}

}
