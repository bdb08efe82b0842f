package dev.dialtone.internal.resolver;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the next lookup is due, with the random spread fixed at its low end, its middle and its
 * high end.
 */
class RefreshScheduleTests {

	private static final Duration REFRESH = Duration.ofSeconds(30);

	private static final Duration MIN = Duration.ofSeconds(1);

	private static RefreshSchedule schedule(double random) {
		return new RefreshSchedule(REFRESH, MIN, () -> random);
	}

	@Test
	void anAnswerIsLookedUpAgainAfterItsTtlBetweenTheMinimumAndTheRefreshInterval() {
		assertThat(schedule(0.5).afterAnswer(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
		assertThat(schedule(0.5).afterAnswer(Duration.ofHours(1))).isEqualTo(REFRESH);
		assertThat(schedule(0.5).afterAnswer(Duration.ZERO)).isEqualTo(MIN);
	}

	@Test
	void theDelayIsSpreadByTenPercentEitherWay() {
		assertThat(schedule(0.0).afterAnswer(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(9));
		assertThat(schedule(1.0).afterAnswer(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(11));
		assertThat(schedule(1.0).afterAnswer(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(33));
	}

	@Test
	void theSpreadNeverGoesBelowTheMinimumInterval() {
		assertThat(schedule(0.0).afterAnswer(Duration.ZERO)).isEqualTo(MIN);
		assertThat(schedule(0.0).afterFailures(1)).isEqualTo(MIN);
	}

	@Test
	void failuresInARowDoubleTheWaitUpToTheRefreshInterval() {
		assertThat(schedule(0.5).afterFailures(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(schedule(0.5).afterFailures(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(schedule(0.5).afterFailures(4)).isEqualTo(Duration.ofSeconds(8));
		assertThat(schedule(0.5).afterFailures(6)).isEqualTo(REFRESH);
		assertThat(schedule(0.5).afterFailures(Integer.MAX_VALUE)).isEqualTo(REFRESH);
	}

	@Test
	void theLongestIntervalThatValidationAllowsDoesNotOverflow() {
		Duration longest = Duration.ofNanos(Long.MAX_VALUE);
		RefreshSchedule schedule = new RefreshSchedule(longest, Duration.ofSeconds(1), () -> 1.0);
		assertThat(schedule.afterAnswer(longest)).isPositive();
		assertThat(schedule.afterFailures(100)).isPositive();
	}

}
