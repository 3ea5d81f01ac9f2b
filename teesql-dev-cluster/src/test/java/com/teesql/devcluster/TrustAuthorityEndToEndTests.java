package com.teesql.devcluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import com.teesql.devcluster.ita.DevTrustAuthority;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.support.TrustAuthorityCluster;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Intel Trust Authority verifier in the real connection path: pgjdbc → RA-TLS → dev sidecar, with the quote
 * appraised by the dev trust authority over HTTP and its signed token validated against the pinned JWKS.
 */
class TrustAuthorityEndToEndTests {

	private static final String API_KEY = "dev-ita-key";

	@RegisterExtension
	static final TrustAuthorityCluster ita = new TrustAuthorityCluster(API_KEY);

	private static int connectors;

	@Test
	void genuineTdIsAcceptedWithTheTokensTcbStatus() throws Exception {
		try (Connection connection = connect(API_KEY)) {
			assertThat(query(connection, "SELECT current_user")).isEqualTo("teesql_readwrite");
		}
		assertThat(authority().attestRequestCount()).isPositive();
	}

	@Test
	void outOfDateTcbInTheTokenIsRefusedBeforeAnySql() {
		authority().setTcbStatus("OutOfDate", List.of("INTEL-SA-00837"));
		long startups = cluster().sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connect(API_KEY));
		assertThat(Causes.find(failure, TcbStatusNotAcceptedException.class))
			.hasMessageStartingWith("Unacceptable TCB status: \"OutOfDate\"");
		assertThat(cluster().sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void wrongApiKeyIsRefusedAndTheKeyNeverAppears() {
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connect("wrong-secret-key"));
		IntelTrustAuthorityException cause = Causes.find(failure,
				IntelTrustAuthorityException.class);
		assertThat(cause.httpStatus()).hasValue(401);
		assertThat(cause.getMessage()).doesNotContain("wrong-secret-key");
	}

	private static Connection connect(String apiKey) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster().dsn(ClusterRoles.READ_WRITE));
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(ita.verifierConfig(apiKey).build());
		String name = "ita-e2e-" + (++connectors);
		ConnectorRegistry.register(name,
				RaTlsConnector.builder(ita.connectorConfig(dsn).build()).quoteVerifier(verifier).build());
		try {
			Properties properties = new Properties();
			properties.setProperty("user", dsn.role());
			properties.setProperty("password", dsn.secret().orElseThrow());
			return DriverManager.getConnection(TeeSqlJdbcUrls.jdbcUrl(dsn, name), properties);
		}
		finally {
			// pgjdbc looks the connector up only while connecting.
			ConnectorRegistry.unregister(name);
		}
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static DevCluster cluster() {
		return ita.cluster();
	}

	private static DevTrustAuthority authority() {
		return ita.authority();
	}

}
