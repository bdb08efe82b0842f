package dev.dialtone.test;

import java.util.List;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

/**
 * Runs Dialtone's failure analyzers, as registered in {@code META-INF/spring.factories}, on a
 * startup failure, as Spring Boot does when an application fails to start.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	public static FailureAnalysis analyze(Throwable failure) {
		ClassLoader classLoader = FailureAnalyses.class.getClassLoader();
		List<String> names = SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, classLoader);
		for (String name : names) {
			if (name.startsWith("dev.dialtone.")) {
				FailureAnalyzer analyzer = (FailureAnalyzer) BeanUtils
					.instantiateClass(ClassUtils.resolveClassName(name, classLoader));
				FailureAnalysis analysis = analyzer.analyze(failure);
				if (analysis != null) {
					return analysis;
				}
			}
		}
		throw new AssertionError("No Dialtone failure analyzer explains " + failure);
	}

}
