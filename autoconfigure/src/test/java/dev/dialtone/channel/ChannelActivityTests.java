package dev.dialtone.channel;

import java.net.InetSocketAddress;
import java.util.List;

import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which reason a failing channel gives: the one that explains the failure.
 */
class ChannelActivityTests {

	private final ChannelActivity activity = new ChannelActivity();

	private final List<EquivalentAddressGroup> backend = List
		.of(new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", 6565)));

	@Test
	void withoutAddressesTheResolutionErrorIsTheReason() {
		this.activity.lookupFailed(Status.UNAVAILABLE.withDescription("DNS lookup of greeter.test failed"));
		assertThat(this.activity.failureReason()).startsWith("name resolution failed: ")
			.contains("DNS lookup of greeter.test failed");
	}

	@Test
	void withAddressesTheBackendErrorIsTheReasonEvenAfterAHiddenLookupFailure() {
		this.activity.resolved(this.backend);
		this.activity.backendState(this.backend,
				ConnectivityStateInfo.forTransientFailure(Status.UNAVAILABLE.withDescription("io exception")));
		this.activity.lookupFailed(Status.UNAVAILABLE.withDescription("DNS lookup of greeter.test failed"));
		assertThat(this.activity.failureReason()).startsWith("127.0.0.1:6565").contains("io exception");
		assertThat(this.activity.backends()).hasSize(1);
		assertThat(this.activity.backends().values()).allSatisfy(
				(backend) -> assertThat(backend.state()).isEqualTo(ConnectivityState.TRANSIENT_FAILURE));
	}

}
