package dev.dialtone;

import io.grpc.Channel;

/**
 * Makes a client type injectable with {@link GrpcClient @GrpcClient}: declare a bean of this type
 * and every injection point of a type it {@linkplain #supports supports} gets what it
 * {@linkplain #create creates} on the named channel.
 * <p>
 * Dialtone itself injects the stubs that grpc-java, reactor-grpc and grpc-kotlin generate; a bean
 * is needed for anything else, such as a stub of another generator or a hand-written client.
 * Application beans are asked first, in {@code @Order} order, so a bean can also take over a
 * generated stub type. The first that supports a type creates it.
 *
 * <pre class="code">
 * &#64;Bean
 * GrpcStubFactory greeterClients() {
 *     return new GrpcStubFactory() {
 *         public boolean supports(Class&lt;?&gt; stubType) { return stubType == GreeterClient.class; }
 *         public Object create(Class&lt;?&gt; stubType, Channel channel) { return new GreeterClient(channel); }
 *     };
 * }
 * </pre>
 *
 * Both methods are called while beans are created, at startup.
 */
public interface GrpcStubFactory {

	/**
	 * Whether this factory creates clients of the given type.
	 * @param stubType the declared type of the injection point
	 */
	boolean supports(Class<?> stubType);

	/**
	 * Creates a client of a type this factory {@linkplain #supports supports}.
	 * @param stubType the declared type of the injection point
	 * @param channel the named channel, shared by all its clients: Dialtone owns it and closes it at
	 * shutdown
	 * @return an instance of {@code stubType}, never {@code null}
	 */
	Object create(Class<?> stubType, Channel channel);

}
