package dev.dialtone.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Points the application's Dialtone channels at one in-process server per test context that serves
 * the context's {@code BindableService} and {@code ServerServiceDefinition} beans: the real channel
 * configuration (interceptors, deadlines, retry, hedging, per-method settings, observations,
 * meters, health, the endpoint) runs against fakes, with no port, no DNS lookup and no TLS. The
 * property {@code grpc.client.test.in-process=true} does the same without the annotation.
 *
 * @see InProcessGrpcServer
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("grpc.client.test")
public @interface AutoConfigureInProcessChannels {

	/**
	 * Whether channels are pointed at the in-process server.
	 */
	boolean inProcess() default true;

	/**
	 * The channels pointed at the in-process server; empty (the default) for all of them.
	 */
	String[] channels() default {};

}
