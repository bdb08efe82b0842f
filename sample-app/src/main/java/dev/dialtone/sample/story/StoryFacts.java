package dev.dialtone.sample.story;

import java.util.stream.Stream;

/**
 * What the story's calls did, act by act; the acts count into these tallies as they go. An act
 * the story skipped leaves its tallies empty.
 * @param spread act 1: calls while all backends serve
 * @param whileNotServing act 2: calls while backend b reports NOT_SERVING
 * @param servingAgain act 2: calls once b serves again
 * @param beforeKill act 3: calls started before backend c was killed
 * @param afterKill act 3: calls started after backend c was killed
 * @param scaleUp act 5: calls while a DNS name grew from one backend to three
 * @param leases act 6: calls while a backend registered in etcd and then let its lease expire
 */
public record StoryFacts(Tally spread, Tally whileNotServing, Tally servingAgain, Tally beforeKill, Tally afterKill,
		ScaleUp scaleUp, Leases leases) {

	StoryFacts() {
		this(new Tally(), new Tally(), new Tally(), new Tally(), new Tally(), new ScaleUp(), new Leases());
	}

	/**
	 * Calls that failed in any act: what retry and health checking did not hide.
	 */
	public int failedCalls() {
		return tallies().mapToInt(Tally::failed).sum();
	}

	public int calls() {
		return tallies().mapToInt(Tally::total).sum();
	}

	private Stream<Tally> tallies() {
		return Stream.concat(
				Stream.of(this.spread, this.whileNotServing, this.servingAgain, this.beforeKill, this.afterKill),
				Stream.concat(this.scaleUp.tallies(), this.leases.tallies()));
	}

}
