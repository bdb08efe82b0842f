package dev.dialtone.test.support.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

import org.springframework.stereotype.Component;

import dev.dialtone.GrpcClientInterceptor;

/**
 * The application's own interceptor, which must see calls in tests as in production.
 */
@Component
@GrpcClientInterceptor
public class CallRecorder implements ClientInterceptor {

	private final List<String> methods = new CopyOnWriteArrayList<>();

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
			Channel next) {
		this.methods.add(method.getFullMethodName());
		return next.newCall(method, callOptions);
	}

	public List<String> methods() {
		return List.copyOf(this.methods);
	}

}
