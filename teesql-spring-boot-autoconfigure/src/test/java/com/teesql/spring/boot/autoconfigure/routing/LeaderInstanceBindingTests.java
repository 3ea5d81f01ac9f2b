package com.teesql.spring.boot.autoconfigure.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.manifest.ManifestLeaderInstanceMismatchException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A validly signed manifest whose {@code leader_instance} is not the instance the leader attests is refused: the
 * manifest is bound to the attested server, not just to its URL.
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

	@Test
	void manifestNamingAnotherInstanceIsRefused() throws Exception {
		DevNode leader = cluster.group().leader();
		cluster.dns()
			.publish(new ManifestFields(cluster.group().clusterAddress(), cluster.group().epoch(), "ee".repeat(20),
					leader.url(), Instant.now().plusSeconds(600).getEpochSecond()));
		runner().run((context) -> {
			SQLException failure = catchThrowableOfType(SQLException.class,
					() -> context.getBean(DataSource.class).getConnection().createStatement().execute("SELECT 1"));
			assertThat(causeOf(failure)).isInstanceOf(ManifestLeaderInstanceMismatchException.class)
				.hasMessageContaining("ee".repeat(20));
		});
		cluster.dns()
			.publish(new ManifestFields(cluster.group().clusterAddress(), cluster.group().epoch(), leader.instanceId(),
					leader.url(), Instant.now().plusSeconds(600).getEpochSecond()));
		runner().run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection.createStatement().execute("SELECT 1")).isTrue();
			}
			assertThat(context.getBean(ManifestWatcher.class).current().leaderInstance())
				.isEqualTo(leader.instanceId());
		});
	}

	private static Throwable causeOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ManifestLeaderInstanceMismatchException) {
				return cause;
			}
		}
		return failure;
	}

	private ApplicationContextRunner runner() throws Exception {
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.group().dsn("teesql_readwrite"));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, () -> new GroupConnectionDetails(dsn, endpoint, verifier, cluster.group().appId()))
			.withPropertyValues("teesql.manifest.domain=" + DOMAIN,
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "spring.datasource.hikari.connection-timeout=3000");
	}

}
