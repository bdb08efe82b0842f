package dev.dialtone.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Tells the handlers of a {@code @ConfigurationProperties} bean what happens while a part of it is
 * bound on its own, at the depth that part has in the whole bean, as they would have been told had
 * Spring Boot bound the bean in one go: they record the bound keys (to report unknown ones once
 * the bean is bound), their origins, and validate.
 */
final class ForwardingBindHandler implements BindHandler {

	private final BindHandler handler;

	private final int depth;

	/**
	 * @param handler the bean's handlers
	 * @param depth the depth, in the bean's binding, of the name this handler's binding starts at
	 */
	ForwardingBindHandler(BindHandler handler, int depth) {
		this.handler = handler;
		this.depth = depth;
	}

	@Override
	public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
		return this.handler.onStart(name, target, shifted(context));
	}

	@Override
	public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Object result) {
		return this.handler.onSuccess(name, target, shifted(context), result);
	}

	@Override
	public Object onCreate(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		return this.handler.onCreate(name, target, shifted(context), result);
	}

	@Override
	public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) throws Exception {
		return this.handler.onFailure(name, target, shifted(context), error);
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			@Nullable Object result) throws Exception {
		this.handler.onFinish(name, target, shifted(context), result);
	}

	private BindContext shifted(BindContext context) {
		return new ShiftedContext(context, this.depth);
	}

	private record ShiftedContext(BindContext context, int shift) implements BindContext {

		@Override
		public Binder getBinder() {
			return this.context.getBinder();
		}

		@Override
		public int getDepth() {
			return this.context.getDepth() + this.shift;
		}

		@Override
		public Iterable<ConfigurationPropertySource> getSources() {
			return this.context.getSources();
		}

		@Override
		public @Nullable ConfigurationProperty getConfigurationProperty() {
			return this.context.getConfigurationProperty();
		}

	}

}
