package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterOptions;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectorRegistration;
import com.teesql.spring.boot.autoconfigure.support.RunningDevCluster;
import com.teesql.testsupport.Causes;
import com.teesql.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code teesql.verify-on-startup} against a real dev cluster: an application that opens no connection while it
 * starts still attests the cluster once when the property is set, so a misconfiguration stops it with the dedicated
 * failure report, before any PostgreSQL byte (and with it the cluster secret) reaches the sidecar.
 */
@ExtendWith(OutputCaptureExtension.class)
class VerifyOnStartupTests {

	private static final String WRONG_MRTD = "ab".repeat(48);

	@RegisterExtension
	static final RunningDevCluster running = new RunningDevCluster(DevClusterOptions.defaults());

	@Test
	void misconfigurationStopsTheStartupWithTheAnalyzersReportBeforeTheSecretIsSent(CapturedOutput output) {
		Map<String, Object> properties = properties(true);
		properties.put("teesql.attestation.allowed-mrtd", WRONG_MRTD);
		SidecarStats before = cluster().sidecarStats();
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class, properties);
		SidecarStats after = cluster().sidecarStats();
		MrtdNotAllowedException refusal = Causes.find(startup.failure(), MrtdNotAllowedException.class);
		assertThat(startup.description()).startsWith("MRTD \"" + refusal.mrtd() + "\" is not in the allowlist")
			.contains("teesql.attestation.allowed-mrtd");
		assertThat(startup.action()).contains("add it to teesql.attestation.allowed-mrtd");
		// The handshake happened during startup, and nothing followed it.
		assertThat(after.connectionsAccepted()).isGreaterThan(before.connectionsAccepted());
		assertThat(after.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
		assertThat(startup.output()).doesNotContain(cluster().readWriteSecret()).doesNotContain(cluster().readSecret());
	}

	@Test
	void correctConfigurationStartsAttestedAndTheFirstConnectionReusesTheVerification() throws SQLException {
		SidecarStats before = cluster().sidecarStats();
		try (ConfigurableApplicationContext context = run(properties(true))) {
			RaTlsConnector connector = context.getBean(TeeSqlConnectorRegistration.class).getConnector();
			// The client finishes its handshake before the sidecar counts the client's Finished message.
			SidecarStats afterStartup = Await.until("the sidecar counts the startup handshake", cluster()::sidecarStats,
					(stats) -> stats.handshakesCompleted() > before.handshakesCompleted());
			assertThat(connector.verificationCount()).isEqualTo(1);
			assertThat(connector.lastResult()).isPresent();
			assertThat(connector.verificationCache().size()).isEqualTo(1);
			assertThat(afterStartup.handshakesCompleted()).isGreaterThan(before.handshakesCompleted());
			// Handshake only: no StartupMessage, so the cluster secret was not sent.
			assertThat(afterStartup.startupMessagesSeen()).isEqualTo(before.startupMessagesSeen());
			long hits = connector.verificationCache().hits();
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection.isValid(5)).isTrue();
			}
			assertThat(connector.verificationCache().hits()).isGreaterThan(hits);
		}
	}

	@Test
	void disabledByDefaultSoTheMisconfigurationSurfacesAtTheFirstConnection() {
		Map<String, Object> properties = properties(false);
		properties.remove("teesql.verify-on-startup");
		properties.put("teesql.attestation.allowed-mrtd", WRONG_MRTD);
		SidecarStats before = cluster().sidecarStats();
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.isActive()).isTrue();
			assertThat(cluster().sidecarStats().connectionsAccepted()).isEqualTo(before.connectionsAccepted());
			SQLException failure = catchThrowableOfType(SQLException.class,
					() -> context.getBean(DataSource.class).getConnection().close());
			Causes.find(failure, MrtdNotAllowedException.class);
		}
	}

	@Test
	void explicitlyDisabledStartsDespiteTheMisconfiguration() {
		Map<String, Object> properties = properties(false);
		properties.put("teesql.attestation.allowed-mrtd", WRONG_MRTD);
		SidecarStats before = cluster().sidecarStats();
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.isActive()).isTrue();
			assertThat(context.getBean(TeeSqlConnectorRegistration.class).getConnector().verificationCount())
				.isZero();
			assertThat(cluster().sidecarStats().connectionsAccepted()).isEqualTo(before.connectionsAccepted());
		}
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(NonConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		Map<String, Object> defaults = new LinkedHashMap<>(properties);
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("spring.datasource.hikari.connection-timeout", "3000");
		application.setDefaultProperties(defaults);
		return application.run();
	}

	private static Map<String, Object> properties(boolean verifyOnStartup) {
		Map<String, Object> properties = running.properties(cluster().dsn("teesql_readwrite"));
		properties.put("teesql.verify-on-startup", String.valueOf(verifyOnStartup));
		return properties;
	}

	private static DevCluster cluster() {
		return running.cluster();
	}

}
