package dev.dialtone.sample.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The greeter backends the sample starts for itself when no target is configured. Closing them
 * kills them all.
 */
public final class EmbeddedBackends implements AutoCloseable {

	private final List<GreeterBackend> backends;

	private EmbeddedBackends(List<GreeterBackend> backends) {
		this.backends = List.copyOf(backends);
	}

	static EmbeddedBackends start(List<String> names, Duration work) {
		List<GreeterBackend> started = new ArrayList<>();
		try {
			for (String name : names) {
				started.add(GreeterBackend.start(name, work));
			}
		}
		catch (IOException ex) {
			started.forEach(GreeterBackend::kill);
			throw new IllegalStateException("Could not start the embedded greeter backends", ex);
		}
		return new EmbeddedBackends(started);
	}

	public List<GreeterBackend> all() {
		return this.backends;
	}

	public GreeterBackend get(String name) {
		return this.backends.stream()
			.filter((backend) -> backend.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No embedded backend named '" + name + "'"));
	}

	/**
	 * A Dialtone static target that lists every backend.
	 */
	public String target() {
		return this.backends.stream().map(GreeterBackend::address).collect(Collectors.joining(",", "static://", ""));
	}

	@Override
	public void close() {
		this.backends.forEach(GreeterBackend::kill);
	}

}
