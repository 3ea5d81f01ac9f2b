package com.teesql.jdbc.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.QuoteFormatException;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fuzz harness itself must catch what it promises to: untyped exceptions, hangs, over-allocation and broken
 * invariants, while passing typed refusals.
 */
class FuzzHarnessTests {

	@Test
	void typedRefusalsAndReturnsPass() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<Integer>target("typed").accepting(QuoteFormatException.class)
			.run(20, (random) -> random.nextInt(2), (value) -> {
				if (value == 1) {
					throw new QuoteFormatException("refused");
				}
			});
		assertThat(outcomes.accepted() + outcomes.refused()).isEqualTo(20);
	}

	@Test
	void untypedExceptionsFail() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Fuzz.<int[]>target("npe").accepting(QuoteFormatException.class)
				.run(5, (random) -> new int[1], (array) -> array[2]++))
			.withMessageContaining("ArrayIndexOutOfBoundsException")
			.withMessageContaining("-Dteesql.fuzz.seed=");
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void hangsFailWithinTheTimeout() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Fuzz.<Integer>target("hang").timeout(Duration.ofMillis(200))
				.run(3, (random) -> 0, (value) -> Thread.sleep(60_000)))
			.withMessageContaining("did not finish");
	}

	@Test
	void hugeAllocationsFail() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Fuzz.<Integer>target("allocation").allocationBudget(1024 * 1024)
				.run(1, (random) -> 8 * 1024 * 1024, (size) -> assertThat(new byte[size]).hasSize(size)))
			.withMessageContaining("allocated");
	}

	@Test
	void theBuildRunsAFixedSeedSoThatEveryRunTriesTheSameCases() throws Exception {
		// The root pom passes a fixed seed to every test JVM; only -Pfuzz-long or an explicit setting changes it.
		String setting = System.getProperty(Fuzz.SEED_PROPERTY);
		assertThat(setting).as("%s passed by the build", Fuzz.SEED_PROPERTY).isNotBlank();
		if (!setting.strip().equalsIgnoreCase("random")) {
			assertThat(Fuzz.seed()).isEqualTo(Long.parseLong(setting.strip()));
		}
		List<Integer> first = new ArrayList<>();
		List<Integer> second = new ArrayList<>();
		Fuzz.<Integer>target("replay").run(20, (random) -> random.nextInt(), first::add);
		Fuzz.<Integer>target("replay").run(20, (random) -> random.nextInt(), second::add);
		assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
	}

	@Test
	void seedSettingsAreANumberOrRandomAndNothingElse() {
		assertThat(Fuzz.seed("-6405516555381366188")).isEqualTo(-6405516555381366188L);
		assertThat(Fuzz.seed(" 42 ")).isEqualTo(42L);
		assertThat(Fuzz.seed("random")).isNotEqualTo(Fuzz.seed("RANDOM"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Fuzz.seed("0x2a"))
			.withMessageContaining("teesql.fuzz.seed")
			.withMessageContaining("'0x2a'");
	}

	@Test
	void brokenInvariantsFail() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Fuzz.<Integer>target("invariant")
				.run(1, (random) -> 1, (value) -> assertThat(value).isZero()))
			.withMessageContaining("invariant");
	}

}
