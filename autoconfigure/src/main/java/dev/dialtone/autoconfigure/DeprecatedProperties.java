package dev.dialtone.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Says once, at startup, that a deprecated property was used and what replaces it. The property
 * still works for a release; its IDE metadata says the same.
 */
final class DeprecatedProperties {

	private static final Log logger = LogFactory.getLog(DeprecatedProperties.class);

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	void used(String property, String replacement) {
		if (this.reported.add(property)) {
			logger.warn("Property '" + property + "' is deprecated and will be removed in a future release; use '"
					+ replacement + "' instead");
		}
	}

}
