package dev.dialtone.channel;

import java.util.List;

import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.Status;
import io.grpc.util.ForwardingLoadBalancer;
import io.grpc.util.ForwardingLoadBalancerHelper;
import io.grpc.util.ForwardingSubchannel;
import io.grpc.util.GracefulSwitchLoadBalancer;

/**
 * Passes everything to the channel's own policy and tells the {@link ChannelActivity} what went
 * by: resolved addresses, resolution errors, and each backend's connection state. The resolved
 * addresses' attributes are passed on untouched, so client-side health checking, which reads its
 * settings from them, keeps working. Its verdicts are not seen here: health checking wraps the
 * connections above this policy's helper.
 */
final class ObservingLoadBalancer extends ForwardingLoadBalancer {

	private final GracefulSwitchLoadBalancer delegate;

	private final ObservingHelper helper;

	ObservingLoadBalancer(Helper helper) {
		this.helper = new ObservingHelper(helper);
		this.delegate = new GracefulSwitchLoadBalancer(this.helper);
	}

	@Override
	protected LoadBalancer delegate() {
		return this.delegate;
	}

	@Override
	public Status acceptResolvedAddresses(ResolvedAddresses resolvedAddresses) {
		Config config = (Config) resolvedAddresses.getLoadBalancingPolicyConfig();
		this.helper.activity = config.activity();
		config.activity().resolved(resolvedAddresses.getAddresses());
		return this.delegate.acceptResolvedAddresses(
				resolvedAddresses.toBuilder().setLoadBalancingPolicyConfig(config.child()).build());
	}

	@Override
	@SuppressWarnings("deprecation")
	public void handleResolvedAddresses(ResolvedAddresses resolvedAddresses) {
		acceptResolvedAddresses(resolvedAddresses);
	}

	@Override
	public void handleNameResolutionError(Status error) {
		if (this.helper.activity != null) {
			this.helper.activity.resolutionFailed(error);
		}
		this.delegate.handleNameResolutionError(error);
	}

	record Config(ChannelActivity activity, Object child) {

	}

	private static final class ObservingHelper extends ForwardingLoadBalancerHelper {

		private final Helper delegate;

		// Set with the first addresses, before any subchannel exists; read in the same context.
		private ChannelActivity activity;

		ObservingHelper(Helper delegate) {
			this.delegate = delegate;
		}

		@Override
		protected Helper delegate() {
			return this.delegate;
		}

		@Override
		public Subchannel createSubchannel(CreateSubchannelArgs args) {
			return new ObservedSubchannel(super.createSubchannel(args), args.getAddresses(), this.activity);
		}

	}

	private static final class ObservedSubchannel extends ForwardingSubchannel {

		private final Subchannel delegate;

		private final ChannelActivity activity;

		private List<EquivalentAddressGroup> addresses;

		ObservedSubchannel(Subchannel delegate, List<EquivalentAddressGroup> addresses, ChannelActivity activity) {
			this.delegate = delegate;
			this.activity = activity;
			this.addresses = addresses;
		}

		@Override
		protected Subchannel delegate() {
			return this.delegate;
		}

		@Override
		public void start(SubchannelStateListener listener) {
			super.start((ConnectivityStateInfo info) -> {
				this.activity.backendState(this.addresses, info);
				listener.onSubchannelState(info);
			});
		}

		@Override
		public void updateAddresses(List<EquivalentAddressGroup> addresses) {
			this.activity.backendMoved(this.addresses, addresses);
			this.addresses = addresses;
			super.updateAddresses(addresses);
		}

		@Override
		public void shutdown() {
			this.activity.backendRemoved(this.addresses);
			super.shutdown();
		}

	}

}
