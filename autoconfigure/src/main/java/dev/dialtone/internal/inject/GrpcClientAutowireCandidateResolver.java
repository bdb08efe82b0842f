package dev.dialtone.internal.inject;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.core.MethodParameter;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcClient;
import dev.dialtone.GrpcStubFactory;
import dev.dialtone.UnknownGrpcChannelException;

/**
 * Answers every injection point annotated with {@link GrpcClient} with a client of the named
 * channel, and leaves all others to the resolver it wraps. Working at this level serves fields,
 * setters, constructor parameters and {@code @Bean} method parameters alike.
 * <p>
 * A stub comes from the first {@link GrpcStubFactory} that supports its type: the application's
 * beans in {@code @Order} order, then Dialtone's own for generated stubs.
 */
public final class GrpcClientAutowireCandidateResolver implements AutowireCandidateResolver {

	private final AutowireCandidateResolver delegate;

	private final BeanFactory beanFactory;

	private final GrpcStubFactory generatedStubs;

	// Shared by clones: every client type injected so far, by channel name.
	private final Map<String, Set<Class<?>>> injected;

	public GrpcClientAutowireCandidateResolver(AutowireCandidateResolver delegate, BeanFactory beanFactory) {
		this(delegate, beanFactory, new GeneratedStubFactory(), new ConcurrentHashMap<>());
	}

	private GrpcClientAutowireCandidateResolver(AutowireCandidateResolver delegate, BeanFactory beanFactory,
			GrpcStubFactory generatedStubs, Map<String, Set<Class<?>>> injected) {
		this.delegate = delegate;
		this.beanFactory = beanFactory;
		this.generatedStubs = generatedStubs;
		this.injected = injected;
	}

	/**
	 * The client types injected so far with {@code @GrpcClient}, by channel name.
	 */
	public Map<String, Set<Class<?>>> injected() {
		return Collections.unmodifiableMap(this.injected);
	}

	@Override
	public Object getSuggestedValue(DependencyDescriptor descriptor) {
		GrpcClient client = annotation(descriptor);
		if (client == null) {
			return this.delegate.getSuggestedValue(descriptor);
		}
		Class<?> type = descriptor.getDependencyType();
		boolean channelItself = type.isAssignableFrom(ManagedChannel.class) && Channel.class.isAssignableFrom(type);
		GrpcStubFactory factory = channelItself ? null : factoryFor(type);
		if (!channelItself && factory == null) {
			throw new IllegalStateException("@GrpcClient(\"" + client.value() + "\") on " + describe(descriptor)
					+ " needs a generated stub (grpc-java, reactor-grpc or grpc-kotlin), io.grpc.Channel, "
					+ "io.grpc.ManagedChannel or a type that a GrpcStubFactory bean supports, not " + type.getName());
		}
		GrpcChannels channels = this.beanFactory.getBean(GrpcChannels.class);
		if (!channels.names().contains(client.value())) {
			throw new UnknownGrpcChannelException(client.value(), describe(descriptor),
					channels.names());
		}
		this.injected.computeIfAbsent(client.value(), (name) -> ConcurrentHashMap.newKeySet()).add(type);
		ManagedChannel channel = channels.channel(client.value());
		if (factory == null) {
			return channel;
		}
		Object stub = factory.create(type, channel);
		if (!type.isInstance(stub)) {
			throw new IllegalStateException(factory.getClass().getName() + " created "
					+ ((stub != null) ? "a " + stub.getClass().getName() : "null") + " for " + describe(descriptor)
					+ ", which needs a " + type.getName());
		}
		return stub;
	}

	private @Nullable GrpcStubFactory factoryFor(Class<?> type) {
		return Stream
			.concat(this.beanFactory.getBeanProvider(GrpcStubFactory.class).orderedStream(),
					Stream.of(this.generatedStubs))
			.filter((factory) -> factory.supports(type))
			.findFirst()
			.orElse(null);
	}

	private static GrpcClient annotation(DependencyDescriptor descriptor) {
		GrpcClient onPoint = descriptor.getAnnotation(GrpcClient.class);
		if (onPoint != null) {
			return onPoint;
		}
		MethodParameter parameter = descriptor.getMethodParameter();
		// On a setter the annotation sits on the method, like @Autowired does.
		return (parameter != null && parameter.getMethod() != null && parameter.getMethod().getParameterCount() == 1)
				? parameter.getMethodAnnotation(GrpcClient.class) : null;
	}

	static String describe(DependencyDescriptor descriptor) {
		Field field = descriptor.getField();
		if (field != null) {
			return "field '" + field.getName() + "' of " + field.getDeclaringClass().getName();
		}
		MethodParameter parameter = descriptor.getMethodParameter();
		String name = (parameter.getParameterName() != null) ? "'" + parameter.getParameterName() + "'"
				: "#" + parameter.getParameterIndex();
		if (parameter.getExecutable() instanceof Constructor<?> constructor) {
			return "parameter " + name + " of the constructor of " + constructor.getDeclaringClass().getName();
		}
		return "parameter " + name + " of method " + parameter.getExecutable().getName() + " in "
				+ parameter.getDeclaringClass().getName();
	}

	@Override
	public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
		return this.delegate.isAutowireCandidate(holder, descriptor);
	}

	@Override
	public boolean isRequired(DependencyDescriptor descriptor) {
		return this.delegate.isRequired(descriptor);
	}

	@Override
	public boolean hasQualifier(DependencyDescriptor descriptor) {
		return this.delegate.hasQualifier(descriptor);
	}

	@Override
	public String getSuggestedName(DependencyDescriptor descriptor) {
		return this.delegate.getSuggestedName(descriptor);
	}

	@Override
	public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
		return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
	}

	@Override
	public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
		return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
	}

	@Override
	public AutowireCandidateResolver cloneIfNecessary() {
		return new GrpcClientAutowireCandidateResolver(this.delegate.cloneIfNecessary(), this.beanFactory,
				this.generatedStubs, this.injected);
	}

}
