package dev.dialtone.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when flags such as {@code grpc.client.enabled} are each {@code true} or missing, and not
 * when one is {@code false}. Any other value stops the start naming the flag: Spring Boot's
 * {@code @ConditionalOnBooleanProperty} reads {@code yes}, {@code on} or {@code 1} as not true, which
 * would turn Dialtone off without a word while the same value binds as {@code true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnEnabledFlagCondition.class)
public @interface ConditionalOnEnabledFlag {

	/**
	 * The flags' properties, e.g. {@code grpc.client.enabled}; every one must be on.
	 */
	String[] value();

}
