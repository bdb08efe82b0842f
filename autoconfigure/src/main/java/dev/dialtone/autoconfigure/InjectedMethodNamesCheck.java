package dev.dialtone.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.grpc.ServiceDescriptor;
import io.grpc.stub.AbstractStub;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.util.ReflectionUtils;

import dev.dialtone.internal.channel.MethodName;
import dev.dialtone.internal.inject.GrpcClientAutowireCandidateResolver;

/**
 * Once every singleton is built, checks each channel's {@code methods} names against the services
 * of the stubs injected for it: a method its stubs' service lacks stops the start, and so does a
 * service none of them has, unless a plain {@code Channel} was injected too (then the channel may
 * call services Dialtone cannot see). A typo must not silently fall back to the channel's settings.
 */
final class InjectedMethodNamesCheck implements SmartInitializingSingleton {

	private final GrpcClientProperties properties;

	private final BeanFactory beanFactory;

	InjectedMethodNamesCheck(GrpcClientProperties properties, BeanFactory beanFactory) {
		this.properties = properties;
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!(this.beanFactory instanceof DefaultListableBeanFactory factory)
				|| !(factory.getAutowireCandidateResolver() instanceof GrpcClientAutowireCandidateResolver resolver)) {
			return;
		}
		resolver.injected().forEach((channel, types) -> {
			ChannelProperties own = this.properties.getChannels().get(channel);
			if (own != null) {
				check(new MergedChannel(channel, own, this.properties.getDefaults(), new DeprecatedProperties()), types);
			}
		});
	}

	private static void check(MergedChannel merged, Set<Class<?>> types) {
		Setting<List<ChannelProperties.Method>> methods = merged.get(ChannelProperties::getMethods, "methods");
		if (methods.value() == null || methods.value().isEmpty()) {
			return;
		}
		Map<String, Set<String>> known = new TreeMap<>();
		boolean onlyStubs = true;
		for (Class<?> type : types) {
			ServiceDescriptor service = AbstractStub.class.isAssignableFrom(type) ? serviceOf(type) : null;
			if (service == null) {
				onlyStubs = false;
				continue;
			}
			Set<String> names = known.computeIfAbsent(service.getName(), (name) -> new TreeSet<>());
			service.getMethods().forEach((method) -> names.add(method.getFullMethodName()));
		}
		List<ChannelProperties.Method> entries = methods.value();
		for (int i = 0; i < entries.size(); i++) {
			List<String> names = entries.get(i).getNames();
			for (int j = 0; j < names.size(); j++) {
				MethodName name = MethodName.parse(names.get(j));
				Set<String> service = known.get(name.service());
				boolean unknown = (service != null) ? name.method() != null && !service.contains(name.toString())
						: onlyStubs;
				if (unknown) {
					throw new InvalidGrpcClientPropertyException(
							methods.property() + "[" + i + "].names[" + j + "]", names.get(j),
							"a service or method of the stubs injected for channel '" + merged.name() + "': "
									+ known.values().stream().flatMap(Set::stream).toList()
									+ " (a name that matches no call would leave it with the channel's own settings)");
				}
			}
		}
	}

	private static ServiceDescriptor serviceOf(Class<?> stubType) {
		Class<?> generated = stubType.getEnclosingClass();
		Method method = (generated != null) ? ReflectionUtils.findMethod(generated, "getServiceDescriptor") : null;
		Object descriptor = (method != null) ? ReflectionUtils.invokeMethod(method, null) : null;
		return (descriptor instanceof ServiceDescriptor service) ? service : null;
	}

}
