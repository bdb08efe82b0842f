package dev.dialtone.internal.channel;

import java.util.List;

import io.grpc.ConnectivityState;
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
 * by: resolved addresses, resolution errors, each backend's connection state and, on a
 * health-checked channel, each backend's health verdict.
 * <p>
 * grpc-java checks health in a layer that wraps the connections handed to round_robin, and tells
 * round_robin a connection is ready only while its backend serves. To see both the connections and
 * the verdicts, a health-checked channel runs that layer here, with one observing helper below it
 * (connections) and one above it (verdicts), and hides the health-check setting from the child
 * round_robin so that each backend is checked once. The setting's attribute is marked internal in
 * grpc-java; {@code GrpcChannelsEndpointTests} fails if an upgrade changes how this works.
 */
final class ObservingLoadBalancer extends ForwardingLoadBalancer {

	private final Helper helper;

	private final ChannelActivity activity;

	// Built with the first addresses, so that a channel that never resolves builds no child.
	private LoadBalancer delegate;

	ObservingLoadBalancer(Helper helper, ChannelActivity activity) {
		this.helper = helper;
		this.activity = activity;
	}

	@Override
	protected LoadBalancer delegate() {
		return this.delegate;
	}

	@Override
	public Status acceptResolvedAddresses(ResolvedAddresses resolvedAddresses) {
		Config config = (Config) resolvedAddresses.getLoadBalancingPolicyConfig();
		if (this.delegate == null && config.ejections()) {
			// Under outlier detection, above the lb-policy: what it is told of each backend.
			this.delegate = new GracefulSwitchLoadBalancer(new EjectionObservingHelper(this.helper, this.activity));
		}
		if (this.delegate == null) {
			boolean healthChecked = this.activity.healthChecked();
			Helper connections = new ObservingHelper(this.helper, this.activity, false);
			this.delegate = healthChecked ? HealthCheckedChild.create(
					(checked) -> new ObservedChild(new ObservingHelper(checked, this.activity, true), true), connections)
					: new ObservedChild(connections, false);
		}
		if (!config.ejections()) {
			this.activity.resolved(resolvedAddresses.getAddresses());
		}
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
		if (this.delegate == null) {
			// Nothing resolved yet: fail calls with the resolver's error, as grpc-java would.
			this.helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE,
					new FixedResultPicker(PickResult.withError(error)));
			return;
		}
		this.activity.resolutionFailed(error);
		this.delegate.handleNameResolutionError(error);
	}

	@Override
	public void requestConnection() {
		if (this.delegate != null) {
			this.delegate.requestConnection();
		}
	}

	@Override
	public void shutdown() {
		if (this.delegate != null) {
			this.delegate.shutdown();
		}
	}

	@Override
	public boolean canHandleEmptyAddressListFromNameResolution() {
		// Before the first addresses the child is unknown; afterwards the child decides.
		return this.delegate != null && this.delegate.canHandleEmptyAddressListFromNameResolution();
	}

	@Override
	public String toString() {
		return "ObservingLoadBalancer{" + ((this.delegate != null) ? this.delegate : "no addresses yet") + "}";
	}

	/**
	 * @param ejections whether this is the observer under outlier detection
	 * @param child the child policy's config, for a {@link GracefulSwitchLoadBalancer}
	 */
	record Config(boolean ejections, Object child) {

	}

	/**
	 * The channel's own policy behind the observing helper. On a health-checked channel the
	 * health-check setting is removed on the way in: the health-checking layer above has taken it.
	 */
	private static final class ObservedChild extends ForwardingLoadBalancer {

		private final GracefulSwitchLoadBalancer delegate;

		private final boolean healthChecked;

		ObservedChild(Helper helper, boolean healthChecked) {
			this.delegate = new GracefulSwitchLoadBalancer(helper);
			this.healthChecked = healthChecked;
		}

		@Override
		protected LoadBalancer delegate() {
			return this.delegate;
		}

		@Override
		public Status acceptResolvedAddresses(ResolvedAddresses resolvedAddresses) {
			if (this.healthChecked) {
				resolvedAddresses = resolvedAddresses.toBuilder()
					.setAttributes(resolvedAddresses.getAttributes()
						.toBuilder()
						.discard(ATTR_HEALTH_CHECKING_CONFIG)
						.build())
					.build();
			}
			return this.delegate.acceptResolvedAddresses(resolvedAddresses);
		}

		@Override
		@SuppressWarnings("deprecation")
		public void handleResolvedAddresses(ResolvedAddresses resolvedAddresses) {
			acceptResolvedAddresses(resolvedAddresses);
		}

	}

	/**
	 * Reports the state of every connection it creates: below the health-checking layer, the
	 * connection's own state; above it, the health verdict.
	 */
	private static final class ObservingHelper extends ForwardingLoadBalancerHelper {

		private final Helper delegate;

		private final ChannelActivity activity;

		private final boolean verdicts;

		ObservingHelper(Helper delegate, ChannelActivity activity, boolean verdicts) {
			this.delegate = delegate;
			this.activity = activity;
			this.verdicts = verdicts;
		}

		@Override
		protected Helper delegate() {
			return this.delegate;
		}

		@Override
		public Subchannel createSubchannel(CreateSubchannelArgs args) {
			return new ObservedSubchannel(super.createSubchannel(args), args.getAddresses(), this.activity,
					this.verdicts);
		}

	}

	/**
	 * Sees each backend as outlier detection passes it on to the lb-policy: a backend whose
	 * connection is ready and healthy but that arrives here failing was ejected.
	 */
	private static final class EjectionObservingHelper extends ForwardingLoadBalancerHelper {

		private final Helper delegate;

		private final ChannelActivity activity;

		EjectionObservingHelper(Helper delegate, ChannelActivity activity) {
			this.delegate = delegate;
			this.activity = activity;
		}

		@Override
		protected Helper delegate() {
			return this.delegate;
		}

		@Override
		public Subchannel createSubchannel(CreateSubchannelArgs args) {
			Subchannel subchannel = super.createSubchannel(args);
			return new ForwardingSubchannel() {

				@Override
				protected Subchannel delegate() {
					return subchannel;
				}

				@Override
				public void start(SubchannelStateListener listener) {
					super.start((ConnectivityStateInfo info) -> {
						EjectionObservingHelper.this.activity.backendBalanced(getAllAddresses(), info);
						listener.onSubchannelState(info);
					});
				}

			};
		}

	}

	private static final class ObservedSubchannel extends ForwardingSubchannel {

		private final Subchannel delegate;

		private final ChannelActivity activity;

		private final boolean verdicts;

		private List<EquivalentAddressGroup> addresses;

		ObservedSubchannel(Subchannel delegate, List<EquivalentAddressGroup> addresses, ChannelActivity activity,
				boolean verdicts) {
			this.delegate = delegate;
			this.activity = activity;
			this.addresses = addresses;
			this.verdicts = verdicts;
		}

		@Override
		protected Subchannel delegate() {
			return this.delegate;
		}

		@Override
		public void start(SubchannelStateListener listener) {
			super.start((ConnectivityStateInfo info) -> {
				if (this.verdicts) {
					// Recorded once round_robin has acted on it: a reader who sees the verdict
					// knows the next call is balanced by it.
					listener.onSubchannelState(info);
					this.activity.backendHealth(this.addresses, info);
				}
				else {
					// Recorded before the health-checking layer above passes it on as a verdict.
					this.activity.backendState(this.addresses, info);
					listener.onSubchannelState(info);
				}
			});
		}

		@Override
		public void updateAddresses(List<EquivalentAddressGroup> addresses) {
			if (!this.verdicts) {
				this.activity.backendMoved(this.addresses, addresses);
			}
			this.addresses = addresses;
			super.updateAddresses(addresses);
		}

		@Override
		public void shutdown() {
			if (!this.verdicts) {
				this.activity.backendRemoved(this.addresses);
			}
			super.shutdown();
		}

	}

}
