package dev.dialtone.internal.channel;

import java.net.InetSocketAddress;
import java.util.List;

import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import dev.dialtone.GrpcChannelActivity.Health;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which reason a failing channel gives (the one that explains the failure), and what a backend's
 * health verdict means.
 */
class ChannelActivityTests {

	private ChannelActivity activity = new ChannelActivity(false);

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

	@Test
	void aVerdictOnAReadyConnectionDecidesWhetherTheBackendTakesCalls() {
		this.activity = new ChannelActivity(true);
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		// Connected, but its check has not answered yet.
		assertThat(onlyBackend().health()).isEqualTo(Health.UNKNOWN);
		assertThat(this.activity.readyBackends()).isZero();
		this.activity.backendHealth(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		assertThat(this.activity.readyBackends()).isEqualTo(1);
		this.activity.backendHealth(this.backend, ConnectivityStateInfo
			.forTransientFailure(Status.UNAVAILABLE.withDescription("Health-check service responded NOT_SERVING")));
		assertThat(onlyBackend().health()).isEqualTo(Health.NOT_SERVING);
		assertThat(onlyBackend().lastError()).contains("NOT_SERVING");
		assertThat(this.activity.readyBackends()).isZero();
		this.activity.backendHealth(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		assertThat(onlyBackend().health()).isEqualTo(Health.SERVING);
		assertThat(onlyBackend().lastError()).isNull();
		assertThat(this.activity.readyBackends()).isEqualTo(1);
	}

	@Test
	void aConnectionErrorStaysUntilTheBackendIsConnectedAgain() {
		this.activity.backendState(this.backend,
				ConnectivityStateInfo.forTransientFailure(Status.UNAVAILABLE.withDescription("Connection refused")));
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.CONNECTING));
		assertThat(onlyBackend().lastError()).contains("Connection refused");
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		assertThat(onlyBackend().lastError()).isNull();
	}

	@Test
	void aFailedConnectionIsNoHealthVerdict() {
		this.activity = new ChannelActivity(true);
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		this.activity.backendHealth(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		ConnectivityStateInfo refused = ConnectivityStateInfo
			.forTransientFailure(Status.UNAVAILABLE.withDescription("Connection refused"));
		this.activity.backendState(this.backend, refused);
		assertThat(onlyBackend().health()).isEqualTo(Health.UNKNOWN);
		this.activity.backendHealth(this.backend, refused);
		assertThat(onlyBackend().health()).isEqualTo(Health.UNKNOWN);
		assertThat(onlyBackend().state()).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
	}

	@Test
	void aVerdictForARemovedConnectionIsIgnored() {
		this.activity = new ChannelActivity(true);
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		this.activity.backendRemoved(this.backend);
		this.activity.backendHealth(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		assertThat(this.activity.backends()).isEmpty();
	}

	@Test
	void withoutHealthCheckingAReadyConnectionTakesCalls() {
		this.activity.backendState(this.backend, ConnectivityStateInfo.forNonError(ConnectivityState.READY));
		assertThat(onlyBackend().health()).isNull();
		assertThat(onlyBackend().takesCalls()).isTrue();
	}

	private ChannelActivity.Backend onlyBackend() {
		assertThat(this.activity.backends()).hasSize(1);
		return this.activity.backends().values().iterator().next();
	}

}
