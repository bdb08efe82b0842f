package dev.dialtone.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Binds {@code grpc.client.channels} as Spring Boot's map and JavaBean binders do, but asks Spring
 * Boot's binder only for the properties of a channel that have something written: a channel's
 * {@code target} is one lookup, not the hundred a channel could have. Every property that is bound
 * goes through Spring Boot's binder, so conversion, placeholders, lists and nested groups are its;
 * the handlers are told of the channel, each bound property and the map at the depth Spring Boot
 * would tell them.
 */
final class ChannelMapBinder {

	private static final List<Property> PROPERTIES = Property.of(ChannelProperties.class);

	private final Binder binder;

	private final List<ConfigurationPropertySource> sources;

	private final BindHandler handler;

	private final int depth;

	/**
	 * @param binder binds from {@code sources}
	 * @param sources where the channels are written, highest precedence first
	 * @param handler Spring Boot's handlers of the {@code @ConfigurationProperties} bean
	 * @param depth the depth of {@code grpc.client.channels} in that bean's binding
	 */
	ChannelMapBinder(Binder binder, List<ConfigurationPropertySource> sources, BindHandler handler, int depth) {
		this.binder = binder;
		this.sources = sources;
		this.handler = handler;
		this.depth = depth;
	}

	/**
	 * Binds every channel written under {@code root}, in the order Spring Boot's map binder would
	 * find them, into a new map.
	 */
	Map<String, ChannelProperties> bind(ConfigurationPropertyName root) throws Exception {
		Map<String, ChannelProperties> channels = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		for (ConfigurationPropertySource source : this.sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			for (ConfigurationPropertyName name : iterable.filter(root::isAncestorOf)) {
				ConfigurationPropertyName entry = root.isParentOf(name) ? name
						: name.chop(root.getNumberOfElements() + 1);
				String key = entry.getElement(root.getNumberOfElements(), Form.ORIGINAL);
				if (seen.add(key)) {
					ChannelProperties channel = bindChannel(entry);
					if (channel != null) {
						channels.put(key, channel);
					}
				}
			}
		}
		return channels;
	}

	private @Nullable ChannelProperties bindChannel(ConfigurationPropertyName name) throws Exception {
		int channelDepth = this.depth + 1;
		Bindable<ChannelProperties> target = Bindable.of(ChannelProperties.class);
		if (hasValue(this.sources, name)) {
			// A value written for the channel itself: Spring Boot's binder decides what that means.
			return this.binder.bind(name, target, new ForwardingBindHandler(this.handler, channelDepth)).orElse(null);
		}
		BindContext context = new ChannelContext(this.binder, channelDepth, this.sources);
		try {
			Bindable<ChannelProperties> started = this.handler.onStart(name, target, context);
			ChannelProperties channel = (started != null) ? bindProperties(name, channelDepth + 1) : null;
			if (channel != null) {
				channel = (ChannelProperties) this.handler.onSuccess(name, target, context, channel);
			}
			this.handler.onFinish(name, target, context, channel);
			return channel;
		}
		catch (Exception ex) {
			return (ChannelProperties) this.handler.onFailure(name, target, context, ex);
		}
	}

	private @Nullable ChannelProperties bindProperties(ConfigurationPropertyName channel, int propertyDepth) {
		ChannelProperties instance = null;
		boolean bound = false;
		ForwardingBindHandler forwarding = new ForwardingBindHandler(this.handler, propertyDepth);
		for (Property property : PROPERTIES) {
			ConfigurationPropertyName name = channel.append(property.key);
			if (!isWritten(name)) {
				// Spring Boot's binder would bind nothing here, and no handler acts on an attempt that
				// bound nothing under a name with nothing written below it.
				continue;
			}
			instance = (instance != null) ? instance : new ChannelProperties();
			Object value = this.binder.bind(name, property.bindable(instance), forwarding).orElse(null);
			if (value != null) {
				property.set(instance, value);
				bound = true;
			}
		}
		return bound ? instance : null;
	}

	/**
	 * Whether a value is written for {@code name} itself.
	 */
	static boolean hasValue(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : sources) {
			if (source.getConfigurationProperty(name) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether any source has a value for {@code name} or anything under it, or cannot tell.
	 */
	private boolean isWritten(ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : this.sources) {
			if (source.containsDescendantOf(name) != ConfigurationPropertyState.ABSENT
					|| source.getConfigurationProperty(name) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A property of {@link ChannelProperties} as Spring Boot's JavaBean binder sees it: its getter,
	 * setter and field, named in dashed form, and that name as the key appended to a channel's (parsed
	 * once here, not once per channel).
	 */
	private record Property(String name, ConfigurationPropertyName key, ResolvableType type, @Nullable Method getter,
			@Nullable Method setter, Annotation @Nullable [] annotations) {

		static List<Property> of(Class<?> type) {
			List<Property> properties = new ArrayList<>();
			// Spring's cached introspection, in name order: the order Spring Boot's JavaBean binder
			// binds a class of getters and setters in.
			for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
				Method getter = descriptor.getReadMethod();
				Method setter = descriptor.getWriteMethod();
				if ((getter == null && setter == null) || (getter != null && getter.getDeclaringClass() == Object.class)) {
					continue;
				}
				ResolvableType propertyType = (setter != null) ? ResolvableType.forMethodParameter(setter, 0)
						: ResolvableType.forMethodReturnType(getter);
				Field field = ReflectionUtils.findField(type, descriptor.getName());
				String name = DataObjectPropertyName.toDashedForm(descriptor.getName());
				properties.add(new Property(name, ConfigurationPropertyName.of(name), propertyType, getter, setter,
						(field != null) ? field.getDeclaredAnnotations() : null));
			}
			return List.copyOf(properties);
		}

		Bindable<Object> bindable(ChannelProperties instance) {
			Bindable<Object> bindable = Bindable.of(this.type);
			if (this.getter != null) {
				Supplier<Object> value = () -> ReflectionUtils.invokeMethod(this.getter, instance);
				bindable = bindable.withSuppliedValue(value);
			}
			return (this.annotations != null) ? bindable.withAnnotations(this.annotations) : bindable;
		}

		void set(ChannelProperties instance, Object value) {
			if (this.setter != null) {
				ReflectionUtils.invokeMethod(this.setter, instance, value);
			}
			else if (this.getter == null || !value.equals(ReflectionUtils.invokeMethod(this.getter, instance))) {
				throw new IllegalStateException("No setter found for property: " + this.name);
			}
		}

	}

	/**
	 * What the handlers are told while a channel itself is bound.
	 */
	private record ChannelContext(Binder binder, int depth,
			List<ConfigurationPropertySource> sources) implements BindContext {

		@Override
		public Binder getBinder() {
			return this.binder;
		}

		@Override
		public int getDepth() {
			return this.depth;
		}

		@Override
		public Iterable<ConfigurationPropertySource> getSources() {
			return this.sources;
		}

		@Override
		public @Nullable ConfigurationProperty getConfigurationProperty() {
			return null;
		}

	}

}
