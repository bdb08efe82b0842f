package dev.dialtone.autoconfigure;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.ClientInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

import dev.dialtone.GrpcClientInterceptor;
import dev.dialtone.UnknownGrpcChannelException;

/**
 * The {@link ClientInterceptor} beans marked with {@link GrpcClientInterceptor}, in
 * {@code @Order} order, and the channels each applies to.
 */
final class ChannelInterceptorBeans {

	private final List<ClientInterceptor> ordered;

	private final Map<ClientInterceptor, Set<String>> channelsOf = new IdentityHashMap<>();

	ChannelInterceptorBeans(ListableBeanFactory beanFactory, ObjectProvider<ClientInterceptor> interceptors,
			Set<String> channelNames) {
		for (String beanName : beanFactory.getBeanNamesForAnnotation(GrpcClientInterceptor.class)) {
			Object bean = beanFactory.getBean(beanName);
			if (!(bean instanceof ClientInterceptor interceptor)) {
				throw new IllegalStateException("@GrpcClientInterceptor marks bean '" + beanName + "' of type "
						+ bean.getClass().getName() + ", which is not an io.grpc.ClientInterceptor");
			}
			GrpcClientInterceptor marker = beanFactory.findAnnotationOnBean(beanName, GrpcClientInterceptor.class);
			Set<String> channels = Set.of(marker.channels());
			for (String channel : channels) {
				if (!channelNames.contains(channel)) {
					throw new UnknownGrpcChannelException(channel,
							"@GrpcClientInterceptor(channels) of bean '" + beanName + "'", channelNames);
				}
			}
			this.channelsOf.put(interceptor, channels);
		}
		this.ordered = interceptors.orderedStream().filter(this.channelsOf::containsKey).toList();
	}

	/**
	 * The interceptors of one channel; the first sees a call first.
	 */
	List<ClientInterceptor> forChannel(String channelName) {
		return this.ordered.stream().filter((interceptor) -> {
			Set<String> channels = this.channelsOf.get(interceptor);
			return channels.isEmpty() || channels.contains(channelName);
		}).toList();
	}

	@Override
	public String toString() {
		return Arrays.toString(this.ordered.toArray());
	}

}
