package dev.dialtone.internal.inject;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * Puts {@link GrpcClientAutowireCandidateResolver} in front of the bean factory's resolver before
 * any application bean is created.
 */
public final class GrpcClientInjectionInstaller implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(beanFactory instanceof DefaultListableBeanFactory factory)) {
			throw new IllegalStateException("@GrpcClient injection needs a DefaultListableBeanFactory, not "
					+ beanFactory.getClass().getName());
		}
		if (!(factory.getAutowireCandidateResolver() instanceof GrpcClientAutowireCandidateResolver)) {
			factory.setAutowireCandidateResolver(
					new GrpcClientAutowireCandidateResolver(factory.getAutowireCandidateResolver(), factory));
		}
	}

}
