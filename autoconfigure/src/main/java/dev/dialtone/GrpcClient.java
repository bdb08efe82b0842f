package dev.dialtone;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Injects a client of the channel configured under {@code grpc.client.channels.<value>}: a
 * generated stub of grpc-java (blocking, blocking-v2, future, async), reactor-grpc (Reactor stubs)
 * or grpc-kotlin (coroutine stubs), any type a {@link GrpcStubFactory} bean supports,
 * {@link io.grpc.Channel} or {@link io.grpc.ManagedChannel}. Works on fields, constructor
 * parameters, {@code @Bean} method parameters and single-argument setter methods. All clients of
 * one name share one channel.
 *
 * <pre class="code">
 * &#64;Service
 * class GreetingService {
 *     GreetingService(&#64;GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub greeter) { ... }
 * }
 * </pre>
 *
 * A name that no channel has stops the application at startup.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Meta-annotated so that Spring injects annotated fields and setters like @Autowired ones; the
// value itself comes from Dialtone's autowire-candidate resolver.
@Autowired
public @interface GrpcClient {

	/**
	 * The channel's name, as under {@code grpc.client.channels}.
	 */
	String value();

}
