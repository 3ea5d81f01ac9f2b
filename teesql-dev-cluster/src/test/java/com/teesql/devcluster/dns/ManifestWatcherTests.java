package com.teesql.devcluster.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestExpiredException;
import com.teesql.jdbc.manifest.ManifestNotFoundException;
import com.teesql.jdbc.manifest.ManifestResolutionException;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ManifestWatcher} against the dev DNS server, with a clock the test moves.
 */
class ManifestWatcherTests {

	private static final String DOMAIN = ManifestDnsServerTests.DOMAIN;

	private static final long NOW = 1_900_000_000L;

	private static final ManifestFields FIELDS = ManifestDnsServerTests.FIELDS.withValidUntil(NOW + 300);

	private final SettableClock clock = new SettableClock(NOW);

	private ManifestDnsServer server;

	private ManifestResolver resolver;

	@BeforeEach
	void start() throws Exception {
		this.server = ManifestDnsServer.start(DOMAIN);
		ManifestVerifier verifier = ManifestVerifier.builder(this.server.signerAddress())
			.clock(this.clock)
			.clockSkew(Duration.ZERO)
			.build();
		this.resolver = ManifestResolver.builder(verifier)
			.resolvers(List.of(this.server.address()))
			.timeout(Duration.ofMillis(500))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void refusesToStartWithoutAValidManifest() {
		assertThatExceptionOfType(ManifestNotFoundException.class)
			.isThrownBy(() -> ManifestWatcher.start(this.resolver, DOMAIN));
	}

	@Test
	void refreshNowFiresALeaderChangeOnlyWhenTheLeaderChanges() throws Exception {
		this.server.publish(FIELDS);
		List<LeaderManifest[]> events = new CopyOnWriteArrayList<>();
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, Duration.ofHours(1))) {
			watcher.addListener((previous, current) -> events.add(new LeaderManifest[] { previous, current }));
			assertThat(watcher.current().epoch()).isEqualTo(42);

			this.server.publish(FIELDS.withValidUntil(NOW + 600));
			assertThat(watcher.refreshNow().validUntil()).isEqualTo(NOW + 600);
			assertThat(events).isEmpty();

			this.server.publish(FIELDS.withEpoch(43).withLeader("ab".repeat(20), "https://new-leader.example"));
			assertThat(watcher.refreshNow().leaderUrl()).isEqualTo("https://new-leader.example");
			assertThat(watcher.current().epoch()).isEqualTo(43);
			assertThat(events).hasSize(1);
			assertThat(events.get(0)[0].epoch()).isEqualTo(42);
			assertThat(events.get(0)[1].leaderUrl()).isEqualTo("https://new-leader.example");
		}
	}

	@Test
	void refreshesOnItsOwnEveryInterval() throws Exception {
		this.server.publish(FIELDS);
		List<LeaderManifest> changes = new CopyOnWriteArrayList<>();
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, Duration.ofMillis(100))) {
			watcher.addListener((previous, current) -> changes.add(current));
			this.server.publish(FIELDS.withEpoch(44).withLeaderUrl("https://moved.example"));
			Await.until("the watcher saw the change", () -> !changes.isEmpty());
			assertThat(changes).hasSize(1);
			assertThat(changes.get(0).epoch()).isEqualTo(44);
			assertThat(watcher.current().leaderUrl()).isEqualTo("https://moved.example");
		}
	}

	@Test
	void keepsTheLastGoodManifestDuringAnOutageUntilItExpires() throws Exception {
		this.server.publish(FIELDS);
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, Duration.ofHours(1))) {
			this.server.outage(DnsOutage.REFUSED);
			assertThatExceptionOfType(ManifestResolutionException.class).isThrownBy(watcher::refreshNow)
				.withMessageContaining("REFUSED");
			assertThat(watcher.lastFailure()).isPresent();
			this.clock.set(NOW + 299);
			assertThat(watcher.current().epoch()).isEqualTo(42);

			this.clock.set(NOW + 300);
			assertThatExceptionOfType(ManifestExpiredException.class).isThrownBy(watcher::current)
				.withMessageStartingWith("manifest expired: valid_until=" + (NOW + 300) + " now=" + (NOW + 300))
				.withMessageContaining("(epoch 42) expired and refreshing failed: DNS query for _teesql-leader." + DOMAIN
						+ " failed: REFUSED")
				.withCauseInstanceOf(ManifestResolutionException.class);

			// DNS is back with a fresh manifest: current() recovers on its own.
			this.server.outage(DnsOutage.NONE);
			this.server.publish(FIELDS.withValidUntil(NOW + 900));
			assertThat(watcher.current().validUntil()).isEqualTo(NOW + 900);
			assertThat(watcher.lastFailure()).isEmpty();
		}
	}

	@Test
	void aRolledBackManifestDoesNotReplaceTheCurrentOne() throws Exception {
		this.server.publish(FIELDS);
		try (ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, Duration.ofHours(1))) {
			this.server.publishRolledBack();
			assertThatExceptionOfType(com.teesql.jdbc.manifest.ManifestRollbackException.class)
				.isThrownBy(watcher::refreshNow);
			assertThat(watcher.current().epoch()).isEqualTo(42);
		}
	}

	@Test
	void closeStopsTheRefreshThread() throws Exception {
		this.server.publish(FIELDS);
		ManifestWatcher watcher = ManifestWatcher.start(this.resolver, DOMAIN, Duration.ofMillis(50));
		Await.until("the watcher refreshed on its own", () -> this.server.udpQueries() > 1);
		watcher.close();
		// With the refresh thread gone nothing can query any more; a thread still alive is what a leak looks like.
		Await.until("the refresh thread ended", () -> Thread.getAllStackTraces()
			.keySet()
			.stream()
			.noneMatch((thread) -> thread.isAlive() && thread.getName().startsWith("teesql-manifest-watcher-")));
	}

}
