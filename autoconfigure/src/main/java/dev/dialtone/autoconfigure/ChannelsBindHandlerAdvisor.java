package dev.dialtone.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Makes Spring Boot bind {@code grpc.client.channels} from the keys actually written under it.
 * <p>
 * Spring Boot's binder looks up every key a channel could have (about a hundred with the nested
 * groups) in every property source, most of them absent; with a thousand channels that was most
 * of the time the channels added to startup. Here each property source's keys under
 * {@code grpc.client.channels} are copied once ({@link WrittenChannelKeys}) and
 * {@link ChannelMapBinder} has Spring Boot's binder bind only the properties written there, with
 * the bean's own handlers (unknown keys, origins for {@code /actuator/configprops}). The
 * environment variables, and any source that cannot list its keys, are kept as they are: their keys
 * are not written in the form they are asked for. When the application converts or validates
 * properties its own way (a {@code conversionService} bean, {@code @ConfigurationPropertiesBinding}
 * converters, a {@code configurationPropertiesValidator}), the map is left to Spring Boot's usual
 * binding, which knows them.
 */
final class ChannelsBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	static final ConfigurationPropertyName CHANNELS = ConfigurationPropertyName.of("grpc.client.channels");

	private final Environment environment;

	private final ConfigurableListableBeanFactory beanFactory;

	// Whether the application converts or validates properties its own way; asked once, when the
	// channels are first bound, so that binding other beans costs nothing.
	private volatile @Nullable Boolean ownConversionOrValidation;

	ChannelsBindHandlerAdvisor(Environment environment, ConfigurableListableBeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = beanFactory;
	}

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new ChannelsBindHandler(bindHandler);
	}

	private boolean hasOwnConversionOrValidation() {
		Boolean own = this.ownConversionOrValidation;
		if (own == null) {
			String conversion = ConfigurableApplicationContext.CONVERSION_SERVICE_BEAN_NAME;
			own = (this.beanFactory.containsBean(conversion)
					&& this.beanFactory.isTypeMatch(conversion, ConversionService.class))
					|| this.beanFactory.getBeanNamesForAnnotation(ConfigurationPropertiesBinding.class).length > 0
					|| this.beanFactory.containsBean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME);
			this.ownConversionOrValidation = own;
		}
		return own;
	}

	private Binder binder(List<ConfigurationPropertySource> sources) {
		ConversionService conversion = this.beanFactory.getConversionService();
		return new Binder(sources, new PropertySourcesPlaceholdersResolver(this.environment),
				(conversion != null) ? conversion : ApplicationConversionService.getSharedInstance(),
				this.beanFactory::copyRegisteredEditorsTo);
	}

	/**
	 * The sources the channels are bound from, in the order of precedence of the sources they come
	 * from: each listable source's keys under {@code grpc.client.channels}, the others as they are.
	 */
	static List<ConfigurationPropertySource> channelSources(Iterable<ConfigurationPropertySource> sources) {
		List<ConfigurationPropertySource> channelSources = new ArrayList<>();
		for (ConfigurationPropertySource source : sources) {
			if (source.containsDescendantOf(CHANNELS) == ConfigurationPropertyState.ABSENT) {
				continue;
			}
			if (source instanceof IterableConfigurationPropertySource iterable
					&& !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
				WrittenChannelKeys written = WrittenChannelKeys.read(iterable, CHANNELS);
				if (written != null) {
					channelSources.add(written);
				}
			}
			else {
				channelSources.add(source);
			}
		}
		return channelSources;
	}

	/**
	 * Binds the channel map itself, then tells Spring Boot's binder that nothing is left to bind
	 * there; Spring Boot's binder still tells the handlers of the map's start and finish.
	 */
	private final class ChannelsBindHandler extends AbstractBindHandler {

		private final BindHandler parent;

		ChannelsBindHandler(BindHandler parent) {
			super(parent);
			this.parent = parent;
		}

		@Override
		public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
				BindContext context) {
			Bindable<T> started = super.onStart(name, target, context);
			if (started == null || !CHANNELS.equals(name) || !isChannelMap(started)
					|| ChannelMapBinder.hasValue(context.getSources(), name) || hasOwnConversionOrValidation()) {
				// Not the channel map, a value written for the map itself, or an application's own
				// converters or validator: Spring Boot's usual binding.
				return started;
			}
			List<ConfigurationPropertySource> sources = channelSources(context.getSources());
			Map<String, ChannelProperties> bound;
			try {
				bound = new ChannelMapBinder(binder(sources), sources, this.parent, context.getDepth())
					.bind(name);
			}
			catch (Exception ex) {
				// Spring Boot's handlers declare checked exceptions; its own throw only unchecked ones.
				throw (ex instanceof RuntimeException unchecked) ? unchecked : new IllegalStateException(ex);
			}
			if (!bound.isEmpty()) {
				Map<String, ChannelProperties> channels = existing(started);
				channels.putAll(bound);
				this.parent.onSuccess(name, started, context, channels);
			}
			return null;
		}

		private boolean isChannelMap(Bindable<?> target) {
			ResolvableType type = target.getType();
			return type.resolve() == Map.class && type.getGeneric(1).resolve() == ChannelProperties.class
					&& target.getValue() != null;
		}

		@SuppressWarnings("unchecked")
		private Map<String, ChannelProperties> existing(Bindable<?> target) {
			return (Map<String, ChannelProperties>) target.getValue().get();
		}

	}

}
