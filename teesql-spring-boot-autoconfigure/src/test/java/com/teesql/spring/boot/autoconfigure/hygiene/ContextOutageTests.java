package com.teesql.spring.boot.autoconfigure.hygiene;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.dns.DnsOutage;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.RunningManifestCluster;
import com.teesql.testsupport.Await;
import com.teesql.testsupport.Causes;
import com.teesql.testsupport.SilentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outages seen by a Spring application: a silent sidecar fails startup within the handshake timeout, and a DNS outage
 * in leader-routing mode leaves the application on the last good manifest.
 */
class ContextOutageTests {

	private static final String DOMAIN = "outage.teesql.test";

	@RegisterExtension
	static final RunningManifestCluster manifest = new RunningManifestCluster(1, DOMAIN);

	@AfterEach
	void dnsBack() {
		cluster().dns().outage(DnsOutage.NONE);
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void silentSidecarFailsStartupWithinTheHandshakeTimeout() throws Exception {
		try (SilentServer silent = SilentServer.onLoopback()) {
			GroupConnectionDetails details = new GroupConnectionDetails(
					GroupConnectionDetails.parse("postgresql://teesql_readwrite:" + cluster().group().readWriteSecret()
							+ "@127.0.0.1:" + silent.port() + "/" + cluster().group().database()),
					cluster().group().guestAgentEndpoint(), cluster().group().quoteVerifier(),
					cluster().group().appId());
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
				.withBean(TeeSqlConnectionDetails.class, () -> details)
				.withUserConfiguration(ConnectAtStartup.class)
				.withPropertyValues("teesql.handshake-timeout=700ms", "spring.datasource.hikari.connection-timeout=5000")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(Causes.find(context.getStartupFailure(), HandshakeTimeoutException.class))
						.hasMessage("upstream TLS handshake timed out after 700ms");
				});
			assertThat(silent.connectionsAccepted()).isPositive();
		}
	}

	@Test
	void dnsOutageKeepsTheLastGoodManifest() {
		routingRunner().run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			DevNode leader = cluster().group().leader();
			assertThat(currentUser(dataSource)).isEqualTo("teesql_readwrite");
			DnsOutage[] outages = { DnsOutage.SERVFAIL, DnsOutage.SILENT };
			for (int round = 0; round < outages.length; round++) {
				DnsOutage outage = outages[round];
				cluster().dns().outage(outage);
				long queries = cluster().dns().udpQueries() + cluster().dns().tcpQueries();
				// At least two refreshes (interval 1s) fail against the outage.
				Await.until("two refreshes against " + outage,
						() -> cluster().dns().udpQueries() + cluster().dns().tcpQueries() >= queries + 2);
				long spliced = leader.sidecarStats().sessionsSpliced();
				// Two more connections at once than the pool has ever held: at least two are new, opened during the
				// outage (the pool keeps its idle ones).
				int wanted = 3 + 2 * round;
				List<Connection> open = new ArrayList<>();
				try {
					for (int i = 0; i < wanted; i++) {
						open.add(dataSource.getConnection());
					}
					for (Connection connection : open) {
						assertThat(currentUser(connection)).as(outage.toString()).isEqualTo("teesql_readwrite");
					}
				}
				finally {
					for (Connection connection : open) {
						connection.close();
					}
				}
				assertThat(leader.sidecarStats().sessionsSpliced()).as(outage.toString())
					.isGreaterThanOrEqualTo(spliced + 2);
			}
		});
	}

	private static ApplicationContextRunner routingRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, manifest::connectionDetails)
			.withPropertyValues(manifest.manifestProperties())
			.withPropertyValues("teesql.manifest.refresh-interval=1s", "teesql.manifest.timeout=500ms",
					"spring.datasource.hikari.maximum-pool-size=6", "spring.datasource.hikari.minimum-idle=0",
					"spring.datasource.hikari.connection-timeout=5000");
	}

	static String currentUser(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			return currentUser(connection);
		}
	}

	static String currentUser(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_user")) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static DevManifestCluster cluster() {
		return manifest.cluster();
	}

	/**
	 * Needs a connection while starting, as applications with schema initialisation or a warm-up query do.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ConnectAtStartup {

		@Bean
		InitializingBean connectAtStartup(DataSource dataSource) {
			return () -> currentUser(dataSource);
		}

	}

}
