package com.teesql.jdbc.tls;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.InvalidConnectionPropertyException;
import com.teesql.jdbc.errors.TeeSqlException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SocketFactoryAndRegistryTests {

	private static final String SECRET = "ab".repeat(32);

	@AfterEach
	void cleanRegistry() {
		ConnectorRegistry.names().stream().filter((name) -> name.startsWith("registry-test")).forEach(
				ConnectorRegistry::unregister);
	}

	private static RaTlsConnector connector() {
		try {
			return new RaTlsConnector(RaTlsConnectorConfig.builder("127.0.0.1", 5433)
				.dstackEndpoint("/nonexistent/dstack.sock")
				.verifier(VerifierKind.NONE)
				.policy(RaTlsConnectorTests.PINNED)
				.build());
		}
		catch (TeeSqlException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void registersLooksUpAndClosesConnectors() throws Exception {
		RaTlsConnector connector = connector();
		ConnectorRegistry.register("registry-test-a", connector);
		assertThat(ConnectorRegistry.get("registry-test-a")).isSameAs(connector);
		assertThat(ConnectorRegistry.names()).contains("registry-test-a");
		assertThatIllegalStateException().isThrownBy(() -> ConnectorRegistry.register("registry-test-a", connector()))
			.withMessageContaining("already registered");
		assertThat(ConnectorRegistry.unregister("registry-test-a")).isTrue();
		assertThat(connector.isClosed()).isTrue();
		assertThat(ConnectorRegistry.unregister("registry-test-a")).isFalse();
		assertThatExceptionOfType(TeeSqlException.class).isThrownBy(() -> ConnectorRegistry.get("registry-test-a"))
			.withMessage("TeeSQL connector 'registry-test-a' (JDBC property teesqlConnector) is not registered; "
					+ "was the application context or the connector already closed?");
	}

	@Test
	void connectorsAreSharedByEqualSettingsAndRefusedSettingsAreNotCached() throws Exception {
		RaTlsConnectorConfig settings = RaTlsConnectorConfig.builder("127.0.0.1", 5433)
			.dstackEndpoint("/nonexistent/dstack.sock")
			.verifier(VerifierKind.NONE)
			.policy(RaTlsConnectorTests.PINNED)
			.build();
		try {
			RaTlsConnector first = ConnectorRegistry.forSettings(settings);
			assertThat(ConnectorRegistry.forSettings(RaTlsConnectorConfig.builder("127.0.0.1", 5433)
				.dstackEndpoint("/nonexistent/dstack.sock")
				.verifier(VerifierKind.NONE)
				.policy(RaTlsConnectorTests.PINNED)
				.build())).isSameAs(first);
			assertThat(first.quoteVerifier().name()).isEqualTo("none");
			assertThat(ConnectorRegistry.forSettings(settings.toBuilder("127.0.0.1", 5434).build()))
				.isNotSameAs(first);
			RaTlsConnectorConfig unpinned = settings.toBuilder("127.0.0.1", 5435)
				.policy(com.teesql.jdbc.attestation.AttestationPolicy.DEFAULT)
				.build();
			assertThatExceptionOfType(IdentityNotPinnedException.class)
				.isThrownBy(() -> ConnectorRegistry.forSettings(unpinned));
			assertThatExceptionOfType(IdentityNotPinnedException.class)
				.isThrownBy(() -> ConnectorRegistry.forSettings(unpinned));
			// A closed connector is replaced, never handed out.
			first.close();
			assertThat(ConnectorRegistry.forSettings(settings)).isNotSameAs(first);
		}
		finally {
			ConnectorRegistry.closeSettingsConnectors();
		}
	}

	@Test
	void socketFactoryBuildsItsConnectorFromTheConnectionProperties() {
		Properties info = new Properties();
		info.setProperty("PGHOST", "127.0.0.1");
		info.setProperty("PGPORT", "1");
		info.setProperty("teesqlVerifier", "none");
		info.setProperty("teesqlDstackEndpoint", "/nonexistent/dstack.sock");
		try {
			// No identity pin: refused before anything is dialled, naming the URL's target.
			assertThatExceptionOfType(IdentityNotPinnedException.class)
				.isThrownBy(() -> new RaTlsSocketFactory(info).createSocket())
				.satisfies((ex) -> assertThat(ex.target()).isEqualTo("127.0.0.1:1"));
			info.setProperty("teesqlAllowedAppId", com.teesql.testsupport.TestVectors.APP_ID);
			// Pinned: the connector is built and tries the guest agent, which does not exist.
			assertThatExceptionOfType(TeeSqlException.class)
				.isThrownBy(() -> new RaTlsSocketFactory(info).createSocket())
				.satisfies((ex) -> assertThat(ex.target()).isEqualTo("127.0.0.1:1"))
				.isNotInstanceOf(IdentityNotPinnedException.class);
		}
		finally {
			ConnectorRegistry.closeSettingsConnectors();
		}
	}

	@Test
	void socketFactoryNeedsATargetOrARegisteredConnector() {
		RaTlsSocketFactory factory = new RaTlsSocketFactory(new Properties());
		assertThatExceptionOfType(InvalidConnectionPropertyException.class).isThrownBy(factory::createSocket)
			.withMessageContaining("the JDBC URL names no host");
		Properties unknown = new Properties();
		unknown.setProperty("teesqlConnector", "registry-test-unknown");
		assertThatExceptionOfType(TeeSqlException.class)
			.isThrownBy(() -> new RaTlsSocketFactory(unknown).createSocket())
			.withMessageContaining("'registry-test-unknown'")
			.withMessageContaining("not registered");
	}

	@Test
	void socketFactoryRemembersItsConnector() throws Exception {
		Properties info = new Properties();
		info.setProperty("teesqlConnector", "registry-test-b");
		ConnectorRegistry.register("registry-test-b", connector());
		RaTlsSocketFactory factory = new RaTlsSocketFactory(info);
		// The connector fails (no guest agent), but the factory has bound itself to it.
		assertThatExceptionOfType(TeeSqlException.class).isThrownBy(factory::createSocket);
		ConnectorRegistry.unregister("registry-test-b");
		assertThatExceptionOfType(TeeSqlException.class).isThrownBy(factory::createSocket)
			.withMessageContaining("is closed");
	}

	@Test
	void otherCreateSocketOverloadsAreUnsupported() {
		RaTlsSocketFactory factory = new RaTlsSocketFactory(new Properties());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> factory.createSocket("h", 1))
			.withMessageContaining("only supports createSocket() without arguments");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> factory.createSocket(java.net.InetAddress.getLoopbackAddress(), 1));
	}

	@Test
	void jdbcUrlNamesTheFactoryAndNeverTheSecret() throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse("postgresql://teesql_read:" + SECRET
				+ "@db.example.com:5433/my%20db?sslmode=require&application_name=a%26b&connectTimeout=3");
		String url = TeeSqlJdbcUrls.jdbcUrl(dsn, "pool one");
		assertThat(url).isEqualTo("jdbc:postgresql://db.example.com:5433/my+db"
				+ "?socketFactory=com.teesql.jdbc.tls.RaTlsSocketFactory&sslmode=disable&teesqlConnector=pool+one"
				+ "&application_name=a%26b&connectTimeout=3");
		assertThat(url).doesNotContain(SECRET);
		assertThat(TeeSqlJdbcUrls.jdbcUrl(TeeSqlDsn.parse("postgres://r@[::1]"), "c"))
			.startsWith("jdbc:postgresql://[::1]:5433/postgres?");
	}

}
