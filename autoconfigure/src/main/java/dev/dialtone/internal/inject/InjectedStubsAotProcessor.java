package dev.dialtone.internal.inject;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

import dev.dialtone.GrpcClient;

/**
 * Registers, ahead of time, the reflection that {@code @GrpcClient} injection does at run time on
 * the generated stubs a bean asks for: the factory method or constructor that
 * {@link GeneratedStubFactory} calls, and the {@code getServiceDescriptor()} of the generated class
 * that the check of {@code methods} names reads. A native image needs these hints; on the JVM an
 * AOT-processed context injects without them, through the same resolver, which
 * {@link GrpcClientInjectionInstaller} (a {@code BeanFactoryPostProcessor} bean, kept and run by
 * the generated context like any other) puts in place.
 * <p>
 * The injection points are found as {@code @GrpcClient} finds them: on fields, single-argument
 * methods, and method and constructor parameters of the bean's class; a {@code @Bean} method's
 * parameters are found on its configuration class, itself a bean. Types that an application's
 * {@link dev.dialtone.GrpcStubFactory} makes are its own to describe.
 */
final class InjectedStubsAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Set<Class<?>> stubTypes = new LinkedHashSet<>();
		for (Class<?> type : injectedTypes(registeredBean.getBeanClass())) {
			if (GeneratedStubFactory.creatorOf(type) != null) {
				stubTypes.add(type);
			}
		}
		if (stubTypes.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> stubTypes
			.forEach((type) -> registerHints(generationContext.getRuntimeHints().reflection(), type));
	}

	static Set<Class<?>> injectedTypes(Class<?> beanClass) {
		Set<Class<?>> types = new LinkedHashSet<>();
		if (!AnnotationUtils.isCandidateClass(beanClass, GrpcClient.class)) {
			return types;
		}
		ReflectionUtils.doWithFields(beanClass, (field) -> types.add(field.getType()),
				(field) -> field.isAnnotationPresent(GrpcClient.class));
		ReflectionUtils.doWithMethods(beanClass, (method) -> {
			if (method.isAnnotationPresent(GrpcClient.class) && method.getParameterCount() == 1) {
				types.add(method.getParameterTypes()[0]);
			}
			addAnnotatedParameters(method, types);
		});
		for (Constructor<?> constructor : beanClass.getDeclaredConstructors()) {
			addAnnotatedParameters(constructor, types);
		}
		return types;
	}

	private static void addAnnotatedParameters(Executable executable, Set<Class<?>> types) {
		for (Parameter parameter : executable.getParameters()) {
			if (parameter.isAnnotationPresent(GrpcClient.class)) {
				types.add(parameter.getType());
			}
		}
	}

	private static void registerHints(ReflectionHints reflection, Class<?> stubType) {
		Executable creator = GeneratedStubFactory.creatorOf(stubType);
		if (creator instanceof Method method) {
			reflection.registerMethod(method, ExecutableMode.INVOKE);
		}
		else if (creator instanceof Constructor<?> constructor) {
			reflection.registerConstructor(constructor, ExecutableMode.INVOKE);
		}
		Class<?> generated = stubType.getEnclosingClass();
		Method serviceDescriptor = (generated != null) ? ReflectionUtils.findMethod(generated, "getServiceDescriptor")
				: null;
		if (serviceDescriptor != null && Modifier.isStatic(serviceDescriptor.getModifiers())) {
			reflection.registerMethod(serviceDescriptor, ExecutableMode.INVOKE);
		}
	}

}
