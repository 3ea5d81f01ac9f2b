package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.CollateralKey.PckCa;
import com.teesql.jdbc.attestation.dcap.PcsTestServer.Response;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link CachingCollateralSource} over a real {@link PcsCollateralClient} and HTTP server; requests are counted on
 * the server. The vector collateral's earliest {@code nextUpdate} is the PCK CRL's, {@code FIXTURE_NOW + 1}.
 */
class CachingCollateralSourceTests {

	private static final CollateralKey KEY = CollateralKey.of("B0C06F000000", PckCa.PLATFORM);

	private static final int REQUESTS_PER_FETCH = 4;

	private PcsTestServer server;

	private final SettableClock clock = new SettableClock(DcapVectors.FIXTURE_NOW);

	private CachingCollateralSource cache;

	@BeforeEach
	void start() throws IOException {
		this.server = PcsTestServer.start();
		this.cache = new CachingCollateralSource(new PcsCollateralClient(this.server.baseUrl(), Duration.ofSeconds(10)),
				this.clock);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void secondCallIsServedFromTheCache() throws Exception {
		DcapCollateral first = this.cache.collateral(KEY);
		DcapCollateral second = this.cache.collateral(KEY);

		assertThat(second).isSameAs(first).isEqualTo(DcapVectors.v4Collateral());
		assertThat(this.server.requests()).hasSize(REQUESTS_PER_FETCH);
		assertThat(this.cache.misses()).isEqualTo(1);
		assertThat(this.cache.hits()).isEqualTo(1);
	}

	@Test
	void otherKeysAreFetchedSeparately() throws Exception {
		this.cache.collateral(KEY);
		this.cache.collateral(CollateralKey.of("B0C06F000000", PckCa.PROCESSOR));

		assertThat(this.server.requestCount(PcsTestServer.PCK_CRL)).isEqualTo(2);
		assertThat(this.server.requests()).contains("/sgx/certification/v4/pckcrl?ca=processor&encoding=der");
		assertThat(this.cache.misses()).isEqualTo(2);
	}

	@Test
	void entryIsRefetchedOnceTheClockReachesTheEarliestNextUpdate() throws Exception {
		this.cache.collateral(KEY);
		this.clock.set(DcapVectors.FIXTURE_NOW + 1);
		this.cache.collateral(KEY);

		assertThat(this.server.requests()).hasSize(2 * REQUESTS_PER_FETCH);
		assertThat(this.cache.misses()).isEqualTo(2);
		assertThat(this.cache.hits()).isZero();
	}

	@Test
	void staleEntryIsNotUsedWhenTheRefetchFails() throws Exception {
		this.cache.collateral(KEY);
		this.server.respond(PcsTestServer.TCB, Response.status(503));
		this.clock.set(DcapVectors.FIXTURE_NOW + 1);

		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> this.cache.collateral(KEY))
			.withMessageContaining("HTTP 503");
		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> this.cache.collateral(KEY))
			.withMessageContaining("HTTP 503");
		assertThat(this.cache.misses()).isEqualTo(3);
		assertThat(this.cache.hits()).isZero();

		this.server.restoreDefaults();
		assertThat(this.cache.collateral(KEY)).isEqualTo(DcapVectors.v4Collateral());
	}

	@Test
	void failedFetchIsNotCached() throws Exception {
		this.server.respond(PcsTestServer.QE_IDENTITY, Response.status(500));
		assertThatExceptionOfType(CollateralUnavailableException.class).isThrownBy(() -> this.cache.collateral(KEY));

		this.server.restoreDefaults();
		assertThat(this.cache.collateral(KEY)).isEqualTo(DcapVectors.v4Collateral());
		assertThat(this.cache.misses()).isEqualTo(2);
	}

	@Test
	void concurrentCallersShareOneFetch() throws Exception {
		int callers = 8;
		CountDownLatch gate = new CountDownLatch(1);
		this.server.respond(PcsTestServer.TCB, Response.ok(this.server.tcbBody().getBytes(StandardCharsets.UTF_8),
				Map.of("TCB-Info-Issuer-Chain",
						PcsTestServer.percentEncode(this.server.text("tcb_info_issuer_chain"))))
			.gated(gate));
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		List<Thread> threads = new ArrayList<>();
		try {
			List<Future<DcapCollateral>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				results.add(pool.submit(() -> {
					synchronized (threads) {
						threads.add(Thread.currentThread());
					}
					return this.cache.collateral(KEY);
				}));
			}
			awaitAllBlocked(threads, callers);
			gate.countDown();
			for (Future<DcapCollateral> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(DcapVectors.v4Collateral());
			}
		}
		finally {
			gate.countDown();
			pool.shutdownNow();
		}
		assertThat(this.server.requests()).hasSize(REQUESTS_PER_FETCH);
		assertThat(this.cache.misses()).isEqualTo(1);
		assertThat(this.cache.hits()).isEqualTo(callers - 1);
	}

	/** Wait (bounded) until every caller is parked: one in the fetch, the others on the shared outcome. */
	private void awaitAllBlocked(List<Thread> threads, int callers) {
		Await.until("every caller parked on the shared fetch", () -> {
			boolean allParked;
			synchronized (threads) {
				allParked = threads.size() == callers && threads.stream()
					.allMatch((thread) -> thread.getState() == Thread.State.WAITING
							|| thread.getState() == Thread.State.TIMED_WAITING);
			}
			return allParked && this.server.requestCount(PcsTestServer.TCB) == 1;
		});
	}

}
