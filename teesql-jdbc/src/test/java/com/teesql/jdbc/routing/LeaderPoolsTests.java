package com.teesql.jdbc.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import javax.sql.DataSource;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.testsupport.Await;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retirement of former leaders' pools. No pool here ever connects: creating and retiring pools performs no I/O, and
 * the targets are unroutable.
 */
class LeaderPoolsTests {

	private static final String SECRET = "ab".repeat(32);

	private final LeaderPools pools;

	LeaderPoolsTests() throws Exception {
		// Borrowers wait (ten minutes at most, far beyond any test deadline) while the pool keeps failing to connect.
		this.pools = new LeaderPools(settings((pool) -> {
			pool.setInitializationFailTimeout(-1);
			pool.setConnectionTimeout(Duration.ofMinutes(10).toMillis());
			return pool;
		}), new AsyncManifestRefresh(null));
	}

	@AfterEach
	void close() {
		this.pools.close();
	}

	@Test
	void aPoolCreatedWithAManifestOlderThanTheLastRetirementPassIsRetiredAtOnce() {
		this.pools.pool(manifest(1, "https://node-1.invalid:5433"), false);
		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));
		assertThat(this.pools.targets()).isEmpty();

		// A caller that read the manifest before the leader change asks for the former leader's pool.
		DataSource stale = this.pools.pool(manifest(1, "https://node-1.invalid:5433"), true);

		assertThat(this.pools.targets()).isEmpty();
		awaitClosed(stale);
	}

	@Test
	void monitoringWithAStaleManifestLeavesNoPoolBehind() {
		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));

		this.pools.connector(manifest(1, "https://node-1.invalid:5433"));

		assertThat(this.pools.targets()).isEmpty();
	}

	@Test
	void aRetirementPassForAStaleCallerNeverRetiresTheCurrentLeader() {
		LeaderManifest current = manifest(3, "https://node-3.invalid:5433");
		this.pools.retireAllBut(current);
		this.pools.pool(current, false);

		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));

		assertThat(this.pools.targets()).containsOnlyKeys(LeaderPools.PoolKey.of(current, false));
	}

	@Test
	void aRetiredPoolThatWasNeverStartedIsClosed() {
		DataSource former = this.pools.pool(manifest(1, "https://node-1.invalid:5433"), false);

		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));

		awaitClosed(former);
		assertThat(hikari(former).getHikariPoolMXBean()).isNull();
	}

	@Test
	void aBorrowerWaitingForTheFormerLeaderIsWokenWhenItIsRetiredAndLeftUninterrupted() throws Exception {
		DataSource former = this.pools.pool(manifest(1, "https://node-1.invalid:5433"), false);
		CompletableFuture<Borrow> borrow = CompletableFuture.supplyAsync(() -> Borrow.from(former));
		Await.until("the borrower waits for a connection", () -> hikari(former).getHikariPoolMXBean() != null
				&& hikari(former).getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);

		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));

		Borrow outcome = Await.until("the waiting borrower returns", () -> borrow.getNow(null), (done) -> done != null);
		assertThat(outcome.failure()).isInstanceOf(LeaderRetiredException.class)
			.hasMessageContaining("node-1.invalid:5433");
		assertThat(((SQLException) outcome.failure()).getSQLState()).isEqualTo("08001");
		assertThat(outcome.interruptedAfter()).isFalse();
		assertThat(PreAttestationFailures.isPreAttestation(outcome.failure())).isTrue();
	}

	@Test
	void aRetiredPoolRefusesEveryBorrowAtOnce() {
		DataSource former = this.pools.pool(manifest(1, "https://node-1.invalid:5433"), false);

		this.pools.retireAllBut(manifest(2, "https://node-2.invalid:5433"));

		Borrow outcome = Borrow.from(former);
		assertThat(outcome.failure()).isInstanceOf(LeaderRetiredException.class);
		assertThat(outcome.interruptedAfter()).isFalse();
		// It never started: the refusal did not even reach Hikari.
		assertThat(hikari(former).getHikariPoolMXBean()).isNull();
	}

	private static HikariDataSource hikari(DataSource dataSource) {
		try {
			return dataSource.unwrap(HikariDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitClosed(DataSource dataSource) {
		Await.until("the retired pool is closed", () -> hikari(dataSource).isClosed());
	}

	/**
	 * How a borrow ended (every borrow here fails: no pool can connect) and whether the borrowing thread was left
	 * interrupted.
	 */
	private record Borrow(Exception failure, boolean interruptedAfter) {

		static Borrow from(DataSource dataSource) {
			try (Connection connection = dataSource.getConnection()) {
				throw new IllegalStateException("Connected to an unroutable target: " + connection);
			}
			catch (SQLException ex) {
				return new Borrow(ex, Thread.currentThread().isInterrupted());
			}
		}

	}

	private static LeaderManifest manifest(long epoch, String leaderUrl) {
		return new LeaderManifest("0x" + "11".repeat(20), epoch, "aa".repeat(32), leaderUrl, "1", Long.MAX_VALUE,
				"0x" + "00".repeat(65), "0x" + "22".repeat(20));
	}

	private static LeaderPools.PoolSettings settings(Function<HikariDataSource, HikariDataSource> hikari)
			throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgres://teesql_readwrite:" + SECRET + "@node-1.invalid:5433/postgres");
		RaTlsConnectorConfig config = RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint("http://127.0.0.1:9")
			.verifier(VerifierKind.NONE)
			.policy(AttestationPolicy.builder().allowedAppIds(List.of("cc".repeat(20))).build())
			.build();
		return new LeaderPools.PoolSettings(dsn, SECRET, List.of(), config, RaTlsConnector::builder, hikari);
	}

}
