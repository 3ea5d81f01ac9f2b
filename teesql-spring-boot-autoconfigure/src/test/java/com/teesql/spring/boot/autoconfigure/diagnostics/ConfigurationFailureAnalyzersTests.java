package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;
import com.teesql.jdbc.errors.GuestAgentUnavailableException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.InvalidDsnException;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Failure reports for misconfigurations that are detected before any byte reaches a TeeSQL cluster: each test starts
 * a real application and reads the report Boot prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureAnalyzersTests {

	private static final String SECRET = "5e".repeat(32);

	private static final String APP_ID = "0a".repeat(20);

	@Test
	void keyValueDsnAsksForTheUriForm(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output,
				Map.of("teesql.url", "host=db.example.com port=5433 user=teesql_read password=" + SECRET));
		assertThat(Causes.find(startup.failure(), InvalidDsnException.class))
			.hasMessage(InvalidDsnException.URI_FORM_REQUIRED);
		assertThat(startup.description()).startsWith("teesql.url is not a URI-form DSN: "
				+ "teesql-jdbc requires a URI-form DSN (postgresql://user:pw@host:port/db)");
		assertThat(startup.action()).contains("Switch teesql.url to URI form")
			.contains("postgresql://teesql_readwrite@your-cluster.teesql.com:5433/mydb")
			.contains("teesql.cluster-secret");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void sslModeInTheUrlIsReportedAsATlsConflict(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, Map.of("teesql.url",
				"postgresql://teesql_readwrite:" + SECRET + "@db.example.com:5433/app?sslmode=verify-full"));
		assertThat(Causes.find(startup.failure(), InvalidDsnException.class)).hasMessageStartingWith("sslmode=");
		assertThat(startup.description())
			.startsWith("teesql.url asks for a TLS mode that conflicts with RA-TLS: sslmode=verify-full cannot be used");
		assertThat(startup.action()).startsWith("Remove sslmode from teesql.url").contains("teesql.ssl-negotiation");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void urlWithoutSecretNamesTheClusterSecretProperty(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output,
				Map.of("teesql.url", "postgresql://teesql_read@db.example.com/app"));
		assertThat(startup.description()).startsWith("teesql.url has no cluster secret: No cluster secret for role "
				+ "'teesql_read'");
		assertThat(startup.action()).startsWith("Set teesql.cluster-secret").contains("64 hexadecimal characters");
	}

	// Starts with a letter: a valid SQL identifier, so it used to be taken as the role and printed.
	@Test
	void secretInTheUserPartIsRefusedAndNeverPrinted(CapturedOutput output) {
		String secret = "e5".repeat(32);
		for (Map<String, Object> properties : List.<Map<String, Object>>of(
				Map.of("teesql.url", "postgresql://" + secret + "@db.example.com/app"),
				Map.of("teesql.url", "postgresql://" + secret + "@db.example.com/app", "teesql.cluster-secret", SECRET),
				Map.of("teesql.url", "postgresql://" + secret.toUpperCase() + ":" + SECRET + "@db.example.com/app"))) {
			FailedStartup startup = FailedStartup.run(output, properties);
			assertThat(Causes.find(startup.failure(), InvalidDsnException.class))
				.hasMessage(InvalidDsnException.SECRET_IN_USER_PART);
			assertThat(startup.description())
				.startsWith("teesql.url carries the cluster secret in its user part, where the Postgres role belongs");
			assertThat(startup.action()).contains("teesql.cluster-secret")
				.contains("password of the URI")
				.contains("rotate");
			assertThat(startup.output()).doesNotContainIgnoringCase(secret.substring(0, 16))
				.doesNotContainIgnoringCase(secret.substring(48))
				.doesNotContain(SECRET);
		}
	}

	@Test
	void malformedSecretIsNotEchoed(CapturedOutput output) {
		String notASecret = "my-postgres-password";
		FailedStartup startup = FailedStartup.run(output,
				Map.of("teesql.url", "postgresql://teesql_read@db.example.com/app", "teesql.cluster-secret",
						notASecret));
		assertThat(startup.description()).startsWith("The cluster secret is malformed: cluster secret (DSN password)"
				+ " must be 64 hex characters (32 bytes), got 20 characters");
		assertThat(startup.action()).contains("exactly 64 hexadecimal characters").contains("not a PostgreSQL password");
		assertThat(startup.output()).doesNotContain(notASecret);
	}

	@Test
	void intelTrustAuthorityWithoutApiKey(CapturedOutput output) {
		assumeTrue(System.getenv("INTEL_TRUST_AUTHORITY_API_KEY") == null,
				"INTEL_TRUST_AUTHORITY_API_KEY is set in this environment");
		FailedStartup startup = FailedStartup.run(output,
				Map.of("teesql.url", "postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
						"teesql.attestation.verifier", "intel-trust-authority", "teesql.attestation.allowed-app-id",
						APP_ID));
		Causes.find(startup.failure(), IntelTrustAuthorityApiKeyMissingException.class);
		assertThat(startup.description()).startsWith("Intel Trust Authority API key required.")
			.contains("teesql.attestation.intel-trust-authority.api-key")
			.contains("INTEL_TRUST_AUTHORITY_API_KEY");
		assertThat(startup.action()).contains("INTEL_TRUST_AUTHORITY_API_KEY")
			.contains("https://portal.trustauthority.intel.com")
			.contains("teesql.attestation.verifier=dcap");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void unreachableGuestAgent(CapturedOutput output) throws IOException {
		int closedPort = closedPort();
		String endpoint = "http://127.0.0.1:" + closedPort;
		FailedStartup startup = FailedStartup.run(output,
				Map.of("teesql.url", "postgresql://teesql_readwrite:" + SECRET + "@127.0.0.1:" + closedPort + "/app",
						"teesql.dstack.endpoint", endpoint, "teesql.attestation.allowed-app-id", APP_ID));
		Causes.find(startup.failure(), GuestAgentUnavailableException.class);
		assertThat(startup.description())
			.startsWith("No RA-TLS client certificate could be obtained, so no connection to the server at 127.0.0.1:"
					+ closedPort + " was attempted: dstack guest agent unreachable at " + endpoint
					+ ": connection refused")
			.doesNotContain("In production");
		assertThat(startup.action()).contains("mount /var/run/dstack.sock into your container")
			.contains("DSTACK_SIMULATOR_ENDPOINT")
			.contains("teesql.dstack.endpoint is currently '" + endpoint + "'");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void unpinnedIdentityStopsTheStartupWhenTheConnectorIsCreated(CapturedOutput output) {
		// An application that needs no connection to start: the refusal comes from creating the connector itself.
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class,
				Map.of("teesql.url", "postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app"));
		IdentityNotPinnedException refusal = Causes.find(startup.failure(), IdentityNotPinnedException.class);
		assertThat(refusal.target()).isEqualTo("db.example.com:5433");
		assertThat(startup.description()).startsWith("No identity pin for the TeeSQL cluster at db.example.com:5433: "
				+ "teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash and "
				+ "teesql.attestation.kms-root-ca are all empty");
		assertThat(startup.action()).contains("Get the values from the cluster's operator")
			.contains("teesql-cli pin --url postgresql://teesql_readwrite@db.example.com:5433")
			.contains("Confirm every value with the operator before using it")
			.contains("teesql.attestation.require-identity=false");
		assertThat(startup.output()).doesNotContain(SECRET);
	}

	@Test
	void anMrtdAloneDoesNotPinTheIdentity(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class,
				Map.of("teesql.url", "postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
						"teesql.attestation.allowed-mrtd", "ab".repeat(48)));
		assertThat(Causes.find(startup.failure(), IdentityNotPinnedException.class).measurementsOnly()).isTrue();
		assertThat(startup.description()).contains("The configured allowed-mrtd/allowed-rtmr values identify a CVM "
				+ "image, which anyone can deploy, not your cluster.");
	}

	@Test
	void theEscapeHatchStartsUnpinned(CapturedOutput output) {
		SpringApplication application = new SpringApplication(NonConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off", "teesql.url",
				"postgresql://teesql_readwrite:" + SECRET + "@db.example.com/app",
				"teesql.attestation.require-identity", "false"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).contains("teesql.attestation.require-identity=false: no identity pin for "
				+ "db.example.com:5433; ANY genuine TDX machine is trusted with the cluster secret.")
			.doesNotContain(SECRET);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
