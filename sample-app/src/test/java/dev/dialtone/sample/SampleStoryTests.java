package dev.dialtone.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.dialtone.sample.story.GreeterStory;
import dev.dialtone.sample.story.StoryFacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole story, told at test speed against the embedded backends while the context starts;
 * each test checks one of its facts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.backend-work=20ms", "sample.story.calls=30", "sample.story.calls-per-second=100",
				"sample.story.traffic=2s", "sample.story.kill-after=500ms", "sample.story.settle=300ms",
				"sample.story.pause=0s" })
class SampleStoryTests {

	@Autowired
	private GreeterStory story;

	private StoryFacts facts() {
		return this.story.facts();
	}

	@Test
	void callsSpreadOverAllThreeBackends() {
		assertThat(facts().spread().total()).isEqualTo(30);
		assertThat(facts().spread().backends()).containsExactly("a", "b", "c");
	}

	@Test
	void backendThatIsNotServingGetsNoCallsUntilItServesAgain() {
		assertThat(facts().whileNotServing().total()).isEqualTo(30);
		assertThat(facts().whileNotServing().servedBy("b")).isZero();
		assertThat(facts().servingAgain().servedBy("b")).isPositive();
	}

	@Test
	void noCallFailsWhenABackendIsKilledMidTraffic() {
		assertThat(facts().beforeKill().servedBy("c")).isPositive();
		assertThat(facts().afterKill().total()).isPositive();
		assertThat(facts().afterKill().servedBy("c")).isZero();
		assertThat(facts().failedCalls()).isZero();
	}

	@Test
	void storyHeldSoTheExitCodeIsZero() {
		assertThat(this.story.getExitCode()).isZero();
	}

}
