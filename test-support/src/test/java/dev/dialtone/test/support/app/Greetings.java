package dev.dialtone.test.support.app;

import org.springframework.stereotype.Component;

import dev.dialtone.GrpcClient;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloRequest;

/**
 * The code under test: it greets through the {@code greeter} channel.
 */
@Component
public class Greetings {

	private final GreeterGrpc.GreeterBlockingStub greeter;

	public Greetings(@GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub greeter) {
		this.greeter = greeter;
	}

	public String hello(String name) {
		return this.greeter.sayHello(HelloRequest.newBuilder().setName(name).build()).getMessage();
	}

	public String goodbye(String name) {
		return this.greeter.sayGoodbye(HelloRequest.newBuilder().setName(name).build()).getMessage();
	}

}
