package com.teesql.jdbc.attestation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single flight: N threads that meet the same new server certificate at once share one verification. The quote
 * verifier holds the first verification until the other N-1 threads are observed waiting for it, so the threads
 * really overlap; then it counts how often it ran.
 */
class RaTlsPeerVerifierSingleFlightTests {

	private static final int THREADS = 8;

	private static final X509Certificate BOUND = TestVectors.certificate("derived/cert_oid18_v0_bound_patched_quote.der");

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

	private final AtomicInteger verifications = new AtomicInteger();

	private RaTlsPeerVerifier verifier;

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void concurrentFirstConnectionsToANewServerCostOneVerification() throws Exception {
		this.verifier = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, holdingVerifier(), false, null,
				new VerificationCache(Duration.ofHours(1), Clock.systemUTC()));
		List<AttestationResult> results = new ArrayList<>();
		for (Future<AttestationResult> result : startAll()) {
			results.add(result.get());
		}
		assertThat(this.verifications).hasValue(1);
		assertThat(results).hasSize(THREADS).allSatisfy((result) -> assertThat(result).isSameAs(results.get(0)));
		assertThat(this.verifier.cache().size()).isEqualTo(1);
	}

	@Test
	void aRefusalIsSharedToo() throws Exception {
		AttestationPolicy refusing = AttestationPolicy.builder().allowedMrtd("00".repeat(48)).build();
		this.verifier = new RaTlsPeerVerifier(refusing, holdingVerifier(), false, null,
				new VerificationCache(Duration.ofHours(1), Clock.systemUTC()));
		for (Future<AttestationResult> result : startAll()) {
			assertThat(result).failsWithin(Await.DEADLINE)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(MrtdNotAllowedException.class);
		}
		assertThat(this.verifications).hasValue(1);
		// A refusal is not remembered: the next connection verifies again.
		assertThat(this.verifier.cache().size()).isZero();
	}

	private List<Future<AttestationResult>> startAll() {
		List<Future<AttestationResult>> results = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			results.add(this.executor.submit(() -> this.verifier.verify(BOUND)));
		}
		return results;
	}

	/** The {@code none} verifier, counting its runs and holding the first until every other thread waits for it. */
	private QuoteVerifier holdingVerifier() throws Exception {
		QuoteVerifier none = QuoteVerifiers.create(QuoteVerifierSettings.builder().kind(VerifierKind.NONE).build());
		return new QuoteVerifier() {

			@Override
			public VerifiedQuote verify(TdxQuote quote) throws AttestationException {
				if (RaTlsPeerVerifierSingleFlightTests.this.verifications.incrementAndGet() == 1) {
					Await.until("the other " + (THREADS - 1) + " connections wait for the running verification",
							() -> RaTlsPeerVerifierSingleFlightTests.this.verifier
								.waitingForSharedVerification() == THREADS - 1);
				}
				return none.verify(quote);
			}

			@Override
			public String name() {
				return none.name();
			}

		};
	}

}
