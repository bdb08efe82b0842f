package dev.dialtone.test;

import java.util.Set;

import io.grpc.BindableService;
import io.grpc.ClientInterceptor;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

import dev.dialtone.GrpcChannelCustomizer;

/**
 * What a {@link GrpcClientTest} finds by component scanning: the components it names, and the
 * application's fakes and channel extensions.
 */
final class GrpcClientTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<GrpcClientTest> {

	private static final Set<Class<?>> KNOWN = Set.of(BindableService.class, ClientInterceptor.class,
			GrpcChannelCustomizer.class);

	private final Set<Class<?>> components;

	GrpcClientTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.components = Set.of(getAnnotation().getValue("components", Class[].class).orElse(new Class<?>[0]));
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.components;
	}

}
