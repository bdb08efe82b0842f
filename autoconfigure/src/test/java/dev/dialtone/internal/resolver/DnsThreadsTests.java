package dev.dialtone.internal.resolver;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestDnsServer;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application leaves no DNS thread of Dialtone's behind, nor dnsjava's selector thread
 * and shutdown hook, which would hold on to the application's class loader after a redeploy in a
 * servlet container.
 */
class DnsThreadsTests {

	private final TestDnsServer dns = new TestDnsServer();

	@AfterEach
	void stop() {
		this.dns.close();
	}

	@Test
	void closingTheApplicationStopsItsDnsThreads() {
		this.dns.setA("greeter.test", 60, "127.0.0.1");
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (GreeterBackend backend = GreeterBackend.start("a")) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
				.withPropertyValues("grpc.client.channels.greeter.target=dns:///greeter.test:" + backend.port(),
						"grpc.client.dns.servers=" + this.dns.address())
				.run((context) -> {
					callWhenReady(context.getBean(GrpcChannels.class).channel("greeter"));
					assertThat(started(before)).anyMatch((name) -> name.startsWith("dialtone-dns-"));
				});
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> started(before).isEmpty());
	}

	/**
	 * Dialtone's DNS threads alive now that were not before. (dnsjava's selector thread is shared by
	 * every application in a class loader, and applications of other tests of this JVM stay open:
	 * the test below follows it in a class loader of its own.)
	 */
	private static List<String> started(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !before.contains(thread))
			.map(Thread::getName)
			.filter((name) -> name.startsWith("dialtone-dns"))
			.collect(Collectors.toList());
	}

	@Test
	void aClosedApplicationsClassLoaderIsLeftToTheGarbageCollector() throws Exception {
		this.dns.setA("greeter.test", 60, "127.0.0.1");
		WeakReference<ClassLoader> isolated = lookUpInAClassLoaderOfItsOwn();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			System.gc();
			return isolated.get() == null;
		});
	}

	private WeakReference<ClassLoader> lookUpInAClassLoaderOfItsOwn() throws Exception {
		try (URLClassLoader application = new ApplicationClassLoader(getClass().getClassLoader())) {
			Class<?> probe = application.loadClass(IsolatedLookup.class.getName());
			assertThat(probe.getClassLoader()).isSameAs(application);
			assertThat(application.loadClass("org.xbill.DNS.NioClient").getClassLoader()).isSameAs(application);
			Object found = probe.getMethod("lookUpAndClose", int.class).invoke(null, this.dns.port());
			assertThat(found).isEqualTo(List.of("127.0.0.1:7000"));
			return new WeakReference<>(application);
		}
	}

	/**
	 * A web application's class loader: Dialtone and dnsjava (in its WEB-INF/lib) are its own,
	 * everything else comes from the container's.
	 */
	private static final class ApplicationClassLoader extends URLClassLoader {

		ApplicationClassLoader(ClassLoader container) throws MalformedURLException {
			super(ownJars(), container);
		}

		private static URL[] ownJars() throws MalformedURLException {
			List<URL> urls = new ArrayList<>();
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				if (entry.endsWith("classes") || entry.contains("dnsjava")) {
					urls.add(new File(entry).toURI().toURL());
				}
			}
			return urls.toArray(URL[]::new);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("dev.dialtone.") && !name.startsWith("org.xbill.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = findClass(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
