package dev.dialtone.internal.inject;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.AbstractStub;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ReflectionUtils;

import dev.dialtone.GrpcStubFactory;

/**
 * Dialtone's own {@link GrpcStubFactory}, asked after the application's: makes the stubs that
 * protoc plugins generate. A supported type extends grpc-java's {@link AbstractStub}, the base of
 * the stubs of grpc-java, reactor-grpc and grpc-kotlin alike, and is made by the first of:
 * <ol>
 * <li>the public static method of the class that encloses it that takes a {@link Channel} and
 * returns exactly that type: grpc-java's {@code newBlockingStub}, {@code newBlockingV2Stub},
 * {@code newFutureStub} and {@code newStub}, reactor-grpc's {@code newReactorStub}. These
 * generators keep their stubs' constructors private; the method is their public way in.</li>
 * <li>its public constructor {@code (Channel, CallOptions)}, given {@link CallOptions#DEFAULT}, or
 * {@code (Channel)}: grpc-kotlin's coroutine stubs, which have no factory method.</li>
 * </ol>
 * Only stubs: a class that merely takes a {@code Channel} (an application's own client, say) is
 * not built behind its author's back; a {@code GrpcStubFactory} bean says how to make it.
 */
final class GeneratedStubFactory implements GrpcStubFactory {

	private final Map<Class<?>, Optional<Executable>> creators = new ConcurrentHashMap<>();

	@Override
	public boolean supports(Class<?> stubType) {
		return creator(stubType) != null;
	}

	@Override
	public Object create(Class<?> stubType, Channel channel) {
		Executable creator = creator(stubType);
		if (creator == null) {
			throw new IllegalArgumentException(stubType.getName() + " is no generated gRPC stub");
		}
		if (creator instanceof Method method) {
			ReflectionUtils.makeAccessible(method);
			return ReflectionUtils.invokeMethod(method, null, channel);
		}
		Constructor<?> constructor = (Constructor<?>) creator;
		return (constructor.getParameterCount() == 2) ? BeanUtils.instantiateClass(constructor, channel,
				CallOptions.DEFAULT) : BeanUtils.instantiateClass(constructor, channel);
	}

	private @Nullable Executable creator(Class<?> stubType) {
		return this.creators.computeIfAbsent(stubType, (type) -> Optional.ofNullable(creatorOf(type))).orElse(null);
	}

	/**
	 * The method or constructor that makes a stub of the given type, or {@code null} if it is no
	 * generated stub.
	 */
	static @Nullable Executable creatorOf(Class<?> stubType) {
		if (!AbstractStub.class.isAssignableFrom(stubType) || Modifier.isAbstract(stubType.getModifiers())) {
			return null;
		}
		Method factory = factoryMethodOf(stubType);
		if (factory != null) {
			return factory;
		}
		Constructor<?> constructor = publicConstructor(stubType, Channel.class, CallOptions.class);
		return (constructor != null) ? constructor : publicConstructor(stubType, Channel.class);
	}

	private static @Nullable Method factoryMethodOf(Class<?> stubType) {
		Class<?> generated = stubType.getEnclosingClass();
		if (generated == null) {
			return null;
		}
		return Arrays.stream(generated.getMethods())
			.filter((method) -> Modifier.isStatic(method.getModifiers()) && method.getReturnType() == stubType
					&& method.getParameterCount() == 1 && method.getParameterTypes()[0] == Channel.class)
			.findFirst()
			.orElse(null);
	}

	private static @Nullable Constructor<?> publicConstructor(Class<?> type, Class<?>... parameterTypes) {
		try {
			return type.getConstructor(parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}
