package dev.dialtone.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of an application's gRPC clients: only Dialtone's auto-configuration, the components
 * named here, and the application's fakes ({@code BindableService} beans, which an in-process
 * server serves) are loaded, and every channel calls that server
 * ({@link AutoConfigureInProcessChannels}). Interceptors, customizers and channel settings of the
 * application apply as they would in production.
 * <pre class="code">
 * &#64;GrpcClientTest(Greetings.class)
 * &#64;Import(FakeGreeter.class)
 * class GreetingsTests { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(GrpcClientTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(GrpcClientTypeExcludeFilter.class)
@AutoConfigureGrpcClient
@AutoConfigureInProcessChannels
@ImportAutoConfiguration
public @interface GrpcClientTest {

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 */
	String[] properties() default {};

	/**
	 * The components under test, e.g. the class that calls the stubs.
	 */
	@AliasFor("components")
	Class<?>[] value() default {};

	/**
	 * The components under test, e.g. the class that calls the stubs.
	 */
	@AliasFor("value")
	Class<?>[] components() default {};

	/**
	 * Whether the application's {@code BindableService}, {@code ClientInterceptor} and
	 * {@code GrpcChannelCustomizer} components are found by component scanning.
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Further components to find by component scanning.
	 */
	Filter[] includeFilters() default {};

	/**
	 * Components not to find by component scanning.
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration to leave out of the test.
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
