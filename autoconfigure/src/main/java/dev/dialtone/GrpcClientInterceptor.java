package dev.dialtone;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link io.grpc.ClientInterceptor} bean (its class or its {@code @Bean} method) to be
 * applied to Dialtone's channels: to every channel, or to those named in {@link #channels()}.
 * Interceptors run in {@code @Order} order: the lowest order sees a call first.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GrpcClientInterceptor {

	/**
	 * The channels the interceptor applies to; empty for all channels.
	 */
	String[] channels() default {};

}
