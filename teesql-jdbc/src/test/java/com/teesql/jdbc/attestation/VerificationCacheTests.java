package com.teesql.jdbc.attestation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.teesql.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationCacheTests {

	private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final VerificationCache.Scope scope = new VerificationCache.Scope("test");

	@Test
	void servesAVerdictOnlyToTheScopeThatReachedIt() {
		VerificationCache cache = new VerificationCache(Duration.ofHours(1), this.clock);
		VerificationCache.Scope other = new VerificationCache.Scope("test");
		cache.put(this.scope, AttestationResult.simulator("aa"), Optional.empty());
		assertThat(cache.get(other, "aa")).isEmpty();
		assertThat(cache.get(this.scope, "aa")).isPresent();
		cache.put(other, AttestationResult.simulator("aa"), Optional.empty());
		assertThat(cache.size()).isEqualTo(2);
	}

	@Test
	void reusesAResultForTheTtl() {
		VerificationCache cache = new VerificationCache(Duration.ofHours(1), this.clock);
		cache.put(this.scope, AttestationResult.simulator("aa"), Optional.empty());
		assertThat(cache.get(this.scope, "aa")).isPresent();
		assertThat(cache.get(this.scope, "bb")).isEmpty();
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(cache.get(this.scope, "aa")).isPresent();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(cache.get(this.scope, "aa")).isEmpty();
		assertThat(cache.hits()).isEqualTo(2);
		assertThat(cache.misses()).isEqualTo(2);
	}

	@Test
	void neverOutlivesTheEvidence() {
		VerificationCache cache = new VerificationCache(Duration.ofHours(1), this.clock);
		cache.put(this.scope, AttestationResult.simulator("aa"), Optional.of(this.clock.instant().plusSeconds(60)));
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(cache.get(this.scope, "aa")).isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(cache.get(this.scope, "aa")).isEmpty();
	}

	@Test
	void zeroTtlDisablesCaching() {
		VerificationCache cache = new VerificationCache(Duration.ZERO, this.clock);
		cache.put(this.scope, AttestationResult.simulator("aa"), Optional.empty());
		assertThat(cache.get(this.scope, "aa")).isEmpty();
		assertThat(cache.size()).isZero();
	}

	@Test
	void isBoundedInSize() {
		VerificationCache cache = new VerificationCache(Duration.ofHours(1), this.clock);
		for (int i = 0; i < VerificationCache.MAX_ENTRIES + 50; i++) {
			cache.put(this.scope, AttestationResult.simulator("leaf" + i), Optional.empty());
		}
		assertThat(cache.size()).isLessThanOrEqualTo(VerificationCache.MAX_ENTRIES);
		assertThat(cache.get(this.scope, "leaf" + (VerificationCache.MAX_ENTRIES + 49))).isPresent();
		assertThat(cache.get(this.scope, "leaf0")).isEmpty();
	}

}
