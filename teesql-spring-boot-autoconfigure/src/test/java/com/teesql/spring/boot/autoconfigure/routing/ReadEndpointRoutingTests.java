package com.teesql.spring.boot.autoconfigure.routing;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.devcluster.DevNode;
import com.teesql.devcluster.NodeRole;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import com.teesql.spring.boot.autoconfigure.support.GroupConnectionDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-only transactions on a configured read endpoint (a standby's sidecar), writes on the leader.
 */
class ReadEndpointRoutingTests {

	private static final String DOMAIN = "reads.teesql.test";

	private static DevManifestCluster cluster;

	@BeforeAll
	static void start() {
		cluster = DevManifestCluster.start(2, DOMAIN);
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@Test
	void readOnlyTransactionsUseTheStandbyEndpoint() throws Exception {
		DevNode standby = cluster.group()
			.nodes()
			.stream()
			.filter((node) -> node.role() == NodeRole.STANDBY)
			.findFirst()
			.orElseThrow();
		QuoteVerifier verifier = cluster.group().quoteVerifier();
		String endpoint = cluster.group().guestAgentEndpoint();
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.group().dsn("teesql_readwrite"));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, () -> new GroupConnectionDetails(dsn, endpoint, verifier, cluster.group().appId()))
			.withPropertyValues("teesql.manifest.domain=" + DOMAIN,
					"teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "teesql.read-only.enabled=true",
					"teesql.read-only.endpoints=127.0.0.1:" + standby.sidecarPort())
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)).isFalse();
				TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
				readOnly.setReadOnly(true);
				Boolean onStandby = readOnly
					.execute((status) -> jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class));
				String role = readOnly.execute((status) -> jdbc.queryForObject("SELECT current_user", String.class));
				assertThat(onStandby).isTrue();
				assertThat(role).isEqualTo("teesql_read");
			});
	}

	@Test
	void malformedEndpointFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + "ab".repeat(32) + "@leader.invalid/app",
					"teesql.manifest.domain=" + DOMAIN, "teesql.manifest.signer-address=" + cluster.signerAddress(),
					"teesql.manifest.cluster-address=" + cluster.group().clusterAddress(),
					"teesql.manifest.resolvers=" + cluster.resolver(), "teesql.read-only.enabled=true",
					"teesql.attestation.allowed-app-id=" + cluster.group().appId(),
					"teesql.read-only.endpoints=standby:notaport")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("teesql.read-only.endpoints entry \"standby:notaport\""));
	}

}
