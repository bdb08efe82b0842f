package dev.dialtone.autoconfigure;

import java.time.Duration;

/**
 * What a call gets, as a channel ({@link ChannelProperties}) and a {@code methods} entry
 * ({@link ChannelProperties.Method}) both write it: a method entry inherits each key it does not
 * set from its channel, as a channel does from the defaults.
 */
interface CallProperties {

	Duration getDeadline();

	Boolean getWaitForReady();

	ChannelProperties.Retry getRetry();

	ChannelProperties.Hedging getHedging();

}
