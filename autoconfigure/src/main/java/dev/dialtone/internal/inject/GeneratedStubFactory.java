package dev.dialtone.internal.inject;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;

import org.springframework.util.ReflectionUtils;

/**
 * Creates the client an injection point asks for on a channel: the channel itself, or a stub
 * made by the static factory method ({@code newBlockingStub}, {@code newBlockingV2Stub},
 * {@code newFutureStub}, {@code newStub}) of the generated class that encloses the stub type.
 */
final class StubFactory {

	private final Map<Class<?>, Method> factories = new ConcurrentHashMap<>();

	/**
	 * Whether this type can be injected from a channel.
	 */
	static boolean supports(Class<?> type) {
		return type.isAssignableFrom(ManagedChannel.class) && Channel.class.isAssignableFrom(type)
				|| AbstractStub.class.isAssignableFrom(type) && factoryOf(type) != null;
	}

	Object create(Class<?> type, ManagedChannel channel) {
		if (type.isAssignableFrom(ManagedChannel.class)) {
			return channel;
		}
		Method factory = this.factories.computeIfAbsent(type, StubFactory::factoryOf);
		return ReflectionUtils.invokeMethod(factory, null, channel);
	}

	private static Method factoryOf(Class<?> stubType) {
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

}
