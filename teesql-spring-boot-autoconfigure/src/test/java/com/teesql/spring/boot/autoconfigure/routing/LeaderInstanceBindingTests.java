package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.AttestationKnobs.Evidence;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.ManifestInstanceNotAttestedException;
import com.teesql.jdbc.manifest.ManifestLeaderInstanceMismatchException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A validly signed manifest is bound to the attested server, not just to its URL: the leader must attest the
 * manifest's {@code leader_instance}. A server that attests another instance is refused, and so is one that attests
 * none (a legacy {@code .1.1} certificate, a {@code .1.8} certificate without an {@code instance-id} runtime event, a
 * certificate accepted in simulator mode), through the real TLS path to the dev cluster's leader.
 */
class LeaderInstanceBindingTests {

	private static final String DOMAIN = "binding.teesql.test";

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(1, DOMAIN);
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@AfterEach
	void restoreGenuineLeader() {
		cluster.group().leader().reissueServerCertificate(AttestationKnobs.genuine());
	}

	@Test
	void manifestNamingAnotherInstanceIsRefused() throws Exception {
		DevNode leader = cluster.group().leader();
		publish("ee".repeat(20));
		runner().run((context) -> assertThat(refusal(context.getBean(DataSource.class)))
			.isInstanceOf(ManifestLeaderInstanceMismatchException.class)
			.hasMessageContaining("ee".repeat(20)));
		publish(leader.instanceId());
		runner().run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection.createStatement().execute("SELECT 1")).isTrue();
			}
			assertThat(context.getBean(ManifestWatcher.class).current().leaderInstance())
				.isEqualTo(leader.instanceId());
		});
	}

	@Test
	void legacyCertificateOfTheNamedLeaderIsRefused() throws Exception {
		// A genuine quote of the right TD, bound to the key: only the instance cannot be shown. A legacy certificate
		// carries no runtime events, so an app-id pin alone would refuse it first: the manifest binding is shown
		// with the identity requirement knowingly switched off, which must not switch it off too.
		assertRefusedWithoutInstance(AttestationKnobs.genuine().withEvidence(Evidence.LEGACY_QUOTE), false,
				"no instance-id runtime event", null, "teesql.attestation.require-identity=false");
	}

	@Test
	void certificateWithoutInstanceIdEventIsRefused() throws Exception {
		assertRefusedWithoutInstance(
				AttestationKnobs.genuine().withEvidence(Evidence.VERSIONED_ATTESTATION_WITHOUT_INSTANCE_ID), false,
				"no instance-id runtime event", cluster.group().appId());
	}

	@Test
	void serverAcceptedInSimulatorModeIsRefused() throws Exception {
		assertRefusedWithoutInstance(AttestationKnobs.genuine().withRaTlsExtension(false), true,
				"teesql.allow-simulator=true", cluster.group().appId());
	}

	private void assertRefusedWithoutInstance(AttestationKnobs knobs, boolean allowSimulator, String presented,
			String appId, String... properties) throws Exception {
		DevNode leader = cluster.group().leader();
		publish(leader.instanceId());
		leader.reissueServerCertificate(knobs);
		SidecarStats before = leader.sidecarStats();
		runner(appId).withPropertyValues("teesql.allow-simulator=" + allowSimulator)
			.withPropertyValues(properties)
			.run((context) -> {
				Throwable refusal = refusal(context.getBean(DataSource.class));
				assertThat(refusal).isInstanceOf(ManifestInstanceNotAttestedException.class)
					.hasMessageStartingWith("manifest names leader_instance " + leader.instanceId()
							+ " but the server attested no instance-id")
					.hasMessageContaining(presented);
			});
		// Refused after the handshake, before the StartupMessage: the secret never reached the server.
		// The client finishes its handshake before the sidecar counts the client's Finished message.
		SidecarStats after = Await.until("the sidecar counts the refused connection's handshake", leader::sidecarStats,
				(stats) -> stats.handshakesCompleted() > before.handshakesCompleted());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		leader.reissueServerCertificate(AttestationKnobs.genuine());
		runner(appId).withPropertyValues("teesql.allow-simulator=" + allowSimulator)
			.withPropertyValues(properties)
			.run((context) -> {
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection.createStatement().execute("SELECT 1")).isTrue();
				}
			});
	}

	private static void publish(String leaderInstance) {
		DevNode leader = cluster.group().leader();
		cluster.dns()
			.publish(new ManifestFields(cluster.group().clusterAddress(), cluster.group().epoch(), leaderInstance,
					leader.url(), Instant.now().plusSeconds(600).getEpochSecond()));
	}

	private static Throwable refusal(DataSource dataSource) {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> dataSource.getConnection().createStatement().execute("SELECT 1"));
		assertThat((Throwable) failure).as("connection refused").isNotNull();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ManifestLeaderInstanceMismatchException
					|| cause instanceof ManifestInstanceNotAttestedException) {
				return cause;
			}
		}
		return failure;
	}

	private ApplicationContextRunner runner() throws Exception {
		return runner(cluster.group().appId());
	}

	private ApplicationContextRunner runner(String appId) throws Exception {
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.group().dsn("teesql_readwrite"));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, () -> new GroupConnectionDetails(dsn, endpoint, verifier, appId))
			.withPropertyValues("teesql.manifest.domain=" + DOMAIN,
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "spring.datasource.hikari.connection-timeout=3000");
	}

}
