package dev.dialtone.internal.channel;

import java.nio.file.Path;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterService;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code unix:} target reaches a server on a Unix domain socket through grpc-java's own resolver
 * for that scheme.
 */
class UnixSocketTargetTests {

	@TempDir
	Path folder;

	@Test
	void unixTargetReachesAServerOnADomainSocket() throws Exception {
		assumeTrue(Epoll.isAvailable(), "Unix domain sockets need Netty's epoll transport (Linux)");
		Path socket = this.folder.resolve("greeter.sock");
		EventLoopGroup group = new EpollEventLoopGroup(1);
		Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()),
				InsecureServerCredentials.create())
			.channelType(EpollServerDomainSocketChannel.class)
			.bossEventLoopGroup(group)
			.workerEventLoopGroup(group)
			.addService(new GreeterService("unix"))
			.build()
			.start();
		try {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
				.withPropertyValues("grpc.client.channels.local.target=unix:" + socket)
				.run((context) -> assertThat(GreeterGrpc.newBlockingStub(context.getBean(GrpcChannels.class).channel("local"))
					.sayHello(HelloRequest.getDefaultInstance())
					.getBackend()).isEqualTo("unix"));
		}
		finally {
			server.shutdownNow().awaitTermination();
			group.shutdownGracefully();
		}
	}

}
